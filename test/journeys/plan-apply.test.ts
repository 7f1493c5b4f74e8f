// Journey: a new user sets up cloudops, saves a plan, a colleague reviews it, and it is applied, with and without
// a signing key. Each refusal next to it (an edited decision, a changed environment) has its success here too.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { contentHash } from '../../src/planner/build.js'
import { canonicalJson, sha256Hex } from '../../src/util/hash.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { motoEnv } from '../support/servers/moto.js'

const kube = inject('kube')
const moto = inject('moto')
let sb: Sandbox
let planFile: string

beforeEach(() => {
  sb = cliSandbox()
  Object.assign(sb.env, motoEnv(moto.endpoint), { KUBECONFIG: kube.kubeconfig })
  planFile = join(sb.home, 'plan.json')
})
afterEach(() => sb.cleanup())

function ok(args: string[]) {
  const r = sb.run(args)
  if (r.code !== 0) throw new Error(`cloudops ${args.join(' ')} → exit ${r.code}\n${r.stdout}\n${r.stderr}`)
  return r
}

function configureDev() {
  ok(['config', 'set', 'environments.dev.kubernetes.context', 'cloudops-test'])
  ok(['config', 'set', 'environments.dev.aws.regions', '[us-east-1]'])
}

function editPlan(fn: (p: Record<string, unknown>) => void, opts: { rehash: boolean }) {
  const p = JSON.parse(readFileSync(planFile, 'utf8'))
  fn(p)
  if (opts.rehash) rehash(p)
  writeFileSync(planFile, JSON.stringify(p))
}

/** What an attacker with the file and the source code can do: recompute both hashes after an edit. */
function rehash(p: Record<string, unknown>) {
  p.content_sha256 = contentHash(p as never)
  const { hash: _h, signature: _s, ...rest } = p
  p.hash = sha256Hex(canonicalJson(rest))
}

describe('config init → plan --out → apply', () => {
  it('applies a freshly signed plan, and the audit log verifies', () => {
    ok(['config', 'init'])
    configureDev()
    ok(['plan', '--playbook', 'k8s-node-health', '--env', 'dev', '--out', planFile])
    const saved = JSON.parse(readFileSync(planFile, 'utf8'))
    expect(saved.signature?.alg).toBe('ed25519')

    const r = sb.run(['apply', planFile, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.status).toBe('succeeded')
    expect(report.plan.plan_id).toBe(saved.plan_id)
    expect(report.steps.every((s: { status: string }) => s.status === 'ok')).toBe(true)

    const verify = sb.run(['audit', 'verify', '--json'])
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout).valid).toBe(true)
  })

  it('applies a plan made without a signing key, and says what an unsigned plan proves', () => {
    configureDev()
    ok(['plan', '--playbook', 'k8s-node-health', '--env', 'dev', '--out', planFile])
    expect(JSON.parse(readFileSync(planFile, 'utf8')).signature).toBeUndefined()
    const r = sb.run(['apply', planFile, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).status).toBe('succeeded')
    expect(sb.run(['audit', 'verify']).code).toBe(0)
  })

  it('without a key, refuses a plan whose denied step was edited to allow (hashes recomputed)', () => {
    configureDev()
    const policy = join(sb.home, 'policy.yaml')
    writeFileSync(
      policy,
      'version: 1\ndefault: allow\nrules:\n  - id: no-nodes\n    effect: deny\n    match: { action: ["k8s.nodes.*"] }\n',
    )
    const planned = sb.run([
      'plan',
      '--playbook',
      'k8s-node-health',
      '--env',
      'dev',
      '--out',
      planFile,
      '--policy',
      policy,
    ])
    expect(planned.code, planned.stderr).toBe(0)
    // The same plan, untouched, is refused by policy (exit 4) rather than by tampering:
    expect(sb.run(['apply', planFile, '--policy', policy]).code).toBe(4)

    editPlan(
      (p) => {
        for (const d of (p.policy as { decisions: Record<string, unknown>[] }).decisions) {
          Object.assign(d, { effect: 'allow', rules: ['reads-allowed'], reason: 'allow by rule reads-allowed' })
        }
      },
      { rehash: true },
    )
    const r = sb.run(['apply', planFile, '--policy', policy, '--json'])
    expect(r.code).toBe(6)
    expect(JSON.parse(r.stdout).error.message).toMatch(/step \S+: the plan says allow, the policy in force says deny/)
  })

  it('without a key, refuses a plan pointed at another kube context, and applies the one config says', () => {
    configureDev()
    ok(['plan', '--playbook', 'k8s-node-health', '--env', 'dev', '--out', planFile])
    editPlan(
      (p) => {
        ;(p.environment as { kubernetes: { context: string } }).kubernetes.context = 'cloudops-test-viewer'
      },
      { rehash: true },
    )
    const r = sb.run(['apply', planFile, '--json'])
    expect(r.code).toBe(6)
    expect(JSON.parse(r.stdout).error.message).toMatch(/environment dev is not what config.yaml says now/)

    ok(['plan', '--playbook', 'k8s-node-health', '--env', 'dev', '--out', planFile])
    expect(sb.run(['apply', planFile]).code).toBe(0)
  })

  it('a missing plan file is a usage error (2), not a refused plan', () => {
    const r = sb.run(['apply', join(sb.home, 'missing.json'), '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.message).toMatch(/cannot read plan file .*missing\.json: no such file/)
  })
})
