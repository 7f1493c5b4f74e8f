// Every check `apply` makes on a saved plan, each as a refusal and beside it the fresh plan it accepts. Plans are
// made by the real planner and sealed by the real seal; a tampered plan is re-hashed (and re-signed where the test
// says so) so that it reaches exactly the check under test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ActionDefinition } from '../../src/actions/types.js'
import type { Config } from '../../src/config/config.js'
import { resolvePaths } from '../../src/config/paths.js'
import { ensureSigningKey, loadSigningKey, type SigningKey } from '../../src/config/signing-key.js'
import { PlanRefusedError, UsageError } from '../../src/errors.js'
import { buildPlan, contentHash, type UnsealedPlan } from '../../src/planner/build.js'
import { resolveEnvironment } from '../../src/planner/environment.js'
import { findPlaybook, loadPlaybooks } from '../../src/planner/load.js'
import type { LoadedPlaybook } from '../../src/planner/playbook.js'
import { sealPlan } from '../../src/planner/seal.js'
import type { Plan } from '../../src/planner/types.js'
import { readPlanFile, verifyPlan } from '../../src/planner/verify-plan.js'
import { builtin } from '../../src/policy/load.js'
import type { LoadedPolicy } from '../../src/policy/types.js'
import { sha256Hex } from '../../src/util/hash.js'
import { toolVersion } from '../../src/version.js'

// The catalogue holds only reads; one write action (test-only) shows that a plan cannot lower a step's risk.
const { writeAction } = vi.hoisted(() => ({
  writeAction: {
    id: 'test.write_probe',
    provider: 'aws',
    risk: 'write',
    description: 'a write, for this test only',
    params: { type: 'object', additionalProperties: false, properties: {} },
    permissions: [],
    execute: async () => ({ items: [] }),
  } satisfies ActionDefinition,
}))
vi.mock('../../src/actions/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/actions/registry.js')>()
  return {
    ...real,
    hasAction: (id: string) => id === writeAction.id || real.hasAction(id),
    loadAction: async (id: string) => (id === writeAction.id ? writeAction : real.loadAction(id)),
  }
})

const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
const costs = findPlaybook(playbooks, 'aws-cost-breakdown')
const config: Config = { environments: { dev: { aws: { profile: 'dev', regions: ['us-east-1', 'eu-west-1'] } } } }
const policy = builtin()
const made = new Date('2026-11-22T10:00:00Z')
const hour = 3_600_000
const replan = 'Make a new plan with `cloudops plan ... --out FILE`, review it, and apply that.'

/** A playbook held in memory: the real one's shape with one step changed. */
const writingPlaybook: LoadedPlaybook = {
  playbook: {
    ...costs.playbook,
    metadata: { ...costs.playbook.metadata, name: 'test-writer' },
    params: {},
    steps: [{ id: 'probe', action: writeAction.id }],
    analyze: [],
  },
  file: '/memory/test-writer.yaml',
  sha256: sha256Hex('test-writer'),
  origin: 'user',
}

let dir: string
let key: SigningKey
let otherKey: SigningKey

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-verify-plan-'))
  const paths = resolvePaths({ HOME: join(dir, 'home') })
  const otherPaths = resolvePaths({ HOME: join(dir, 'other') })
  ensureSigningKey(paths)
  ensureSigningKey(otherPaths)
  key = loadSigningKey(paths) as SigningKey
  otherKey = loadSigningKey(otherPaths) as SigningKey
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Ctx {
  key?: SigningKey
  config: Config
  policy: LoadedPolicy
  playbooks: readonly LoadedPlaybook[]
  now?: Date
}

/** What `apply` on this machine checks against, one hour minus a minute before the plan expires. */
const ctx = (over: Partial<Ctx> = {}): Ctx => ({
  key,
  config,
  policy,
  playbooks: [...playbooks, writingPlaybook],
  now: new Date(made.getTime() + 60_000),
  ...over,
})

async function unsealed(
  playbook: LoadedPlaybook = costs,
  environment = resolveEnvironment(config, 'dev'),
  now = made,
): Promise<UnsealedPlan> {
  return buildPlan({ intent: null, question: null, playbook, environment, policy, ttlMs: hour, now })
}

/** A fresh plan as `plan --out` saves it: sealed with this machine's key, through JSON. */
async function fresh(playbook?: LoadedPlaybook, environment?: ReturnType<typeof resolveEnvironment>): Promise<Plan> {
  return JSON.parse(JSON.stringify(sealPlan(await unsealed(playbook, environment), key)))
}

/** An edited copy whose hash is made right again, signed by `signer` (if any); its content_sha256 as edited. */
function rehashed(plan: Plan, edit: (p: Plan) => void, signer: SigningKey | undefined = key): Plan {
  const copy: Plan = structuredClone(plan)
  edit(copy)
  const { hash: _h, signature: _s, ...rest } = copy
  return sealPlan(rest, signer)
}

/** An edited copy whose content hash and hash are made right again, and signed by `signer` (if any). */
function resealed(plan: Plan, edit: (p: Plan) => void, signer: SigningKey | undefined = key): Plan {
  return rehashed(
    plan,
    (p) => {
      edit(p)
      p.content_sha256 = contentHash(p)
    },
    signer,
  )
}

async function refusal(data: unknown, context: Ctx = ctx()): Promise<PlanRefusedError> {
  const err = await verifyPlan(data, context).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(PlanRefusedError)
  const refused = err as PlanRefusedError
  expect(refused.exitCode).toBe(6)
  expect(refused.hint).toBe(replan)
  return refused
}

async function expectRefused(data: unknown, why: string, context?: Ctx): Promise<void> {
  expect((await refusal(data, context)).message).toBe(`plan refused: ${why}`)
}

describe('a fresh plan', () => {
  it('is accepted, signed, and returned as it is', async () => {
    const plan = await fresh()
    expect(plan.signature?.key_id).toBe(key.keyId)
    await expect(verifyPlan(plan, ctx())).resolves.toEqual(plan)
  })

  it('is accepted with a write step in it (denied by the policy, which is for execution to enforce)', async () => {
    const plan = await fresh(writingPlaybook)
    expect(plan.steps[0]).toMatchObject({ id: 'probe', risk: 'write' })
    expect(plan.policy.decisions[0]).toMatchObject({ step: 'probe', effect: 'deny', rules: ['read_only'] })
    await expect(verifyPlan(plan, ctx())).resolves.toEqual(plan)
  })

  it('unsigned, is accepted by a machine without a key, and so is a signed one', async () => {
    const unsigned = JSON.parse(JSON.stringify(sealPlan(await unsealed())))
    await expect(verifyPlan(unsigned, ctx({ key: undefined }))).resolves.toEqual(unsigned)
    const signed = await fresh()
    await expect(verifyPlan(signed, ctx({ key: undefined }))).resolves.toEqual(signed)
  })
})

describe('the file', () => {
  it('is read as JSON, or refused as a usage error (no file, a directory) or a refusal (not JSON)', async () => {
    const plan = await fresh()
    const file = join(dir, 'plan.json')
    writeFileSync(file, JSON.stringify(plan))
    expect(readPlanFile(file)).toEqual(plan)

    const usageError = (path: string) => {
      try {
        readPlanFile(path)
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError)
        expect((err as UsageError).hint).toBe('Give the path of a plan saved by `cloudops plan ... --out FILE`.')
        return (err as UsageError).message
      }
      throw new Error(`${path} was read`)
    }
    const missing = join(dir, 'missing.json')
    expect(usageError(missing)).toBe(`cannot read plan file ${missing}: no such file`)
    const folder = join(dir, 'a-folder')
    mkdirSync(folder)
    expect(usageError(folder)).toBe(`cannot read plan file ${folder}: it is a directory`)

    // Any other reason is given by its code: here a path through a file (ENOTDIR).
    const through = join(dir, 'plan.json', 'inside.json')
    expect(usageError(through)).toBe(`cannot read plan file ${through}: ENOTDIR`)

    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{"format_version": 1,')
    expect(() => readPlanFile(broken)).toThrow(PlanRefusedError)
    expect(() => readPlanFile(broken)).toThrow(`plan refused: ${broken} is not valid JSON`)
  })
})

describe('format', () => {
  it('refuses another format_version, a missing one, and a string "1"', async () => {
    const plan = await fresh()
    await expectRefused({ ...plan, format_version: 2 }, 'unsupported format_version 2 (this cloudops reads 1)')
    await expectRefused({ ...plan, format_version: '1' }, 'unsupported format_version "1" (this cloudops reads 1)')
    const { format_version: _f, ...none } = plan
    await expectRefused(none, 'unsupported format_version undefined (this cloudops reads 1)')
    await expectRefused(null, 'unsupported format_version undefined (this cloudops reads 1)')
  })

  it('refuses what is not a plan by its schema', async () => {
    const plan = await fresh()
    await expectRefused({ ...plan, extra: true }, 'not a valid plan: unknown key "extra" in the top level')
    const { steps: _s, ...noSteps } = plan
    await expectRefused(noSteps, 'not a valid plan: missing required key "steps" in the top level')
  })
})

describe('integrity', () => {
  it('refuses an edited plan whose hash was not made again', async () => {
    const plan = await fresh()
    await expectRefused({ ...plan, question: 'edited' }, 'its hash does not match its content: the file was edited')
    await expectRefused({ ...plan, hash: 'f'.repeat(64) }, 'its hash does not match its content: the file was edited')
  })

  it('refuses a plan whose content_sha256 does not match its content, even re-hashed', async () => {
    const plan = await fresh()
    await expectRefused(
      rehashed(plan, (p) => {
        p.steps[0] = { ...(p.steps[0] as Plan['steps'][0]), params: { days: 1 } }
      }),
      'content_sha256 does not match its content',
    )
    await expectRefused(
      rehashed(plan, (p) => {
        p.content_sha256 = 'a'.repeat(64)
      }),
      'content_sha256 does not match its content',
    )
  })
})

describe('the signature', () => {
  it('refuses an unsigned plan where plans are signed', async () => {
    const unsigned = JSON.parse(JSON.stringify(sealPlan(await unsealed())))
    await expectRefused(unsigned, 'it is not signed, and plans made here are')
  })

  it("refuses a plan signed by another machine's key", async () => {
    const plan = resealed(await fresh(), () => {}, otherKey)
    await expectRefused(plan, `it was signed by key ${otherKey.keyId}, not this machine's key ${key.keyId}`)
    // The other machine accepts it: the refusal is about whose key, not about the plan.
    await expect(verifyPlan(plan, ctx({ key: otherKey }))).resolves.toEqual(plan)
  })

  it('refuses a re-hashed edit carrying the old signature, and a forged one under this key id', async () => {
    const plan = await fresh()
    const edited = resealed(plan, (p) => {
      p.question = 'edited'
    })
    await expectRefused({ ...edited, signature: plan.signature }, 'its signature is invalid')
    const forged = resealed(plan, () => {}, otherKey)
    await expectRefused(
      { ...forged, signature: { ...forged.signature, key_id: key.keyId } },
      'its signature is invalid',
    )
    await expectRefused(
      { ...plan, signature: { alg: 'ed25519', key_id: key.keyId, value: 'bm90IGEgc2lnbmF0dXJl' } },
      'its signature is invalid',
    )
  })
})

describe('expiry', () => {
  it('accepts a plan until the millisecond it expires, and refuses it from then on', async () => {
    const plan = await fresh()
    expect(plan.expires_at).toBe('2026-11-22T11:00:00.000Z')
    const at = (t: number) => ctx({ now: new Date(made.getTime() + t) })
    await expect(verifyPlan(plan, at(hour - 1))).resolves.toEqual(plan)
    await expectRefused(plan, 'it expired at 2026-11-22T11:00:00.000Z', at(hour))
    await expectRefused(plan, 'it expired at 2026-11-22T11:00:00.000Z', at(2 * hour))
  })

  it('uses the clock when no time is given', async () => {
    const old = await fresh()
    await expectRefused(old, 'it expired at 2026-11-22T11:00:00.000Z', ctx({ now: undefined }))
    const current = JSON.parse(JSON.stringify(sealPlan(await unsealed(costs, undefined, new Date()), key)))
    await expect(verifyPlan(current, ctx({ now: undefined }))).resolves.toEqual(current)
  })
})

describe('tool version', () => {
  const [maj, min] = toolVersion().split('.').map(Number) as [number, number]

  it('refuses a plan made by another major version', async () => {
    const plan = await fresh()
    // `${maj}0.0.0` starts with the same digit but is another major (10 is not 1).
    for (const v of [`${maj + 1}.0.0`, `${maj + 1}.${min}.0`, `${maj}0.${min}.0`]) {
      await expectRefused(
        resealed(plan, (p) => {
          p.tool_version = v
        }),
        `it was made by cloudops ${v}; this is ${toolVersion()}`,
      )
    }
  })

  it('accepts a plan made by another minor or patch version of the same major', async () => {
    const plan = resealed(await fresh(), (p) => {
      p.tool_version = `${maj}.${min + 7}.3`
    })
    await expect(verifyPlan(plan, ctx())).resolves.toEqual(plan)
  })
})

describe('the policy and the playbook', () => {
  it('refuses a plan made under another policy', async () => {
    const moved: LoadedPolicy = { ...policy, source: '/etc/policy.yaml', sha256: 'b'.repeat(64) }
    await expectRefused(
      await fresh(),
      'the policy changed since it was planned (now /etc/policy.yaml)',
      ctx({ policy: moved }),
    )
  })

  it('refuses a plan whose playbook is gone or changed', async () => {
    const plan = await fresh()
    const others = playbooks.filter((p) => p !== costs)
    await expectRefused(plan, 'playbook aws-cost-breakdown no longer exists', ctx({ playbooks: others }))
    const changed = { ...costs, sha256: 'c'.repeat(64) }
    await expectRefused(plan, 'playbook aws-cost-breakdown changed since', ctx({ playbooks: [...others, changed] }))
  })
})

describe('the environment', () => {
  it('refuses a plan whose environment is not what config.yaml says now', async () => {
    const plan = await fresh()
    const why = 'environment dev is not what config.yaml says now'
    const fewer: Config = { environments: { dev: { aws: { profile: 'dev', regions: ['us-east-1'] } } } }
    await expectRefused(plan, why, ctx({ config: fewer }))
    const otherProfile: Config = {
      environments: { dev: { aws: { profile: 'ops', regions: ['us-east-1', 'eu-west-1'] } } },
    }
    await expectRefused(plan, why, ctx({ config: otherProfile }))
    await expectRefused(plan, why, ctx({ config: {} }))
  })

  it('refuses a plan that says an environment is resolved when config does not have it', async () => {
    const qa = await fresh(costs, resolveEnvironment(config, 'qa'))
    expect(qa.environment.resolved).toBe(false)
    await expect(verifyPlan(qa, ctx())).resolves.toEqual(qa)
    await expectRefused(
      resealed(qa, (p) => {
        p.environment.resolved = true
      }),
      'environment qa is not what config.yaml says now',
    )
  })
})

describe('the steps', () => {
  const costsStep = (p: Plan) => p.steps[0] as Plan['steps'][0]

  it('refuses a step the playbook does not have, or with another action', async () => {
    const plan = await fresh()
    await expectRefused(
      resealed(plan, (p) => {
        costsStep(p).id = 'extra'
      }),
      'step extra is not a step of playbook aws-cost-breakdown as it is written',
    )
    await expectRefused(
      resealed(plan, (p) => {
        costsStep(p).action = 'aws.ec2.describe_instances'
      }),
      'step costs is not a step of playbook aws-cost-breakdown as it is written',
    )
  })

  it('accepts a region-expanded id of a step the playbook has', async () => {
    const plan = resealed(await fresh(), (p) => {
      costsStep(p).id = 'costs@us-east-1'
      ;(p.policy.decisions[0] as { step: string }).step = 'costs@us-east-1'
    })
    await expect(verifyPlan(plan, ctx())).resolves.toEqual(plan)
  })

  it('refuses a step naming an action the catalogue does not have', async () => {
    const ghost: LoadedPlaybook = {
      ...costs,
      playbook: { ...costs.playbook, steps: [{ id: 'costs', action: 'aws.nothing.here' }] },
    }
    const plan = resealed(await fresh(), (p) => {
      costsStep(p).action = 'aws.nothing.here'
    })
    await expectRefused(
      plan,
      'step costs names an unknown action aws.nothing.here',
      ctx({ playbooks: [ghost, writingPlaybook] }),
    )
  })

  it('refuses a step whose risk is not the catalogue’s: lowered, or raised', async () => {
    const write = await fresh(writingPlaybook)
    const lowered = resealed(write, (p) => {
      costsStep(p).risk = 'read'
      p.policy.decisions = [
        { step: 'probe', effect: 'allow', rules: ['reads-allowed'], reason: 'allow by rule reads-allowed' },
      ]
    })
    await expectRefused(lowered, 'step probe says risk read but test.write_probe is write')
    const raised = resealed(await fresh(), (p) => {
      costsStep(p).risk = 'delete'
    })
    await expectRefused(raised, 'step costs says risk delete but aws.ce.get_cost_and_usage is read')
  })

  it('refuses a step whose provider is not the action’s', async () => {
    const plan = resealed(await fresh(), (p) => {
      costsStep(p).provider = 'kubernetes'
    })
    await expectRefused(plan, 'step costs says risk read but aws.ce.get_cost_and_usage is read')
  })

  it('refuses params the action does not take, and accepts others that it does', async () => {
    const plan = await fresh()
    for (const params of [{ days: 'many' }, { days: 0 }, { days: 7, bucket: 'x' }]) {
      await expectRefused(
        resealed(plan, (p) => {
          costsStep(p).params = params
        }),
        'step costs has invalid params',
      )
    }
    const other = resealed(plan, (p) => {
      costsStep(p).params = { days: 30 }
    })
    await expect(verifyPlan(other, ctx())).resolves.toEqual(other)
  })
})

describe('the analyzers', () => {
  it('refuses analyzers other than the playbook’s: another, one more, or none', async () => {
    const plan = await fresh()
    const why = 'its analyzers are not those of playbook aws-cost-breakdown'
    const first = (p: Plan) => p.analyze[0] as Plan['analyze'][0]
    await expectRefused(
      resealed(plan, (p) => {
        first(p).analyzer = 'ebs-unattached'
      }),
      why,
    )
    await expectRefused(
      resealed(plan, (p) => {
        p.analyze.push({ ...first(p) })
      }),
      why,
    )
    await expectRefused(
      resealed(plan, (p) => {
        p.analyze = []
      }),
      why,
    )
  })
})

describe('the policy decisions, decided again', () => {
  const decision = (p: Plan) => p.policy.decisions[0] as Plan['policy']['decisions'][0]

  it('refuses a decision the policy in force would not make', async () => {
    const plan = await fresh()
    expect(decision(plan)).toMatchObject({ step: 'costs', effect: 'allow' })
    await expectRefused(
      resealed(plan, (p) => {
        decision(p).effect = 'deny'
      }),
      'step costs: the plan says deny, the policy in force says allow',
    )
    await expectRefused(
      resealed(plan, (p) => {
        decision(p).reason = 'looks fine to me'
      }),
      'step costs: the plan says allow, the policy in force says allow',
    )
  })

  it('refuses a denied write step edited to say allow', async () => {
    const plan = resealed(await fresh(writingPlaybook), (p) => {
      p.policy.decisions = [{ step: 'probe', effect: 'allow', rules: ['default'], reason: 'edited' }]
    })
    await expectRefused(plan, 'step probe: the plan says allow, the policy in force says deny')
  })

  it('refuses a plan with missing, extra or misnamed decisions', async () => {
    const plan = await fresh()
    await expectRefused(
      resealed(plan, (p) => {
        p.policy.decisions = []
      }),
      'it holds 0 policy decisions for 1 steps',
    )
    await expectRefused(
      resealed(plan, (p) => {
        p.policy.decisions.push({ ...decision(p), step: 'more' })
      }),
      'it holds 2 policy decisions for 1 steps',
    )
    await expectRefused(
      resealed(plan, (p) => {
        decision(p).step = 'other'
      }),
      'step costs: the plan says nothing, the policy in force says allow',
    )
  })

  it('decides with the policy in force, not the one the file describes', async () => {
    // Same hash, other rules: only deciding again shows the plan's decisions are not this policy's.
    const stricter: LoadedPolicy = { ...policy, policy: { ...policy.policy, rules: [], default: 'deny' } }
    await expectRefused(
      await fresh(),
      'step costs: the plan says allow, the policy in force says deny',
      ctx({ policy: stricter }),
    )
  })
})
