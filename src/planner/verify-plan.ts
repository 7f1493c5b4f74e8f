// `apply` runs a saved plan exactly as reviewed, or refuses (exit 6) naming why: unreadable, wrong format, edited,
// signed by another key, expired, made by another major version, or the policy or playbook moved since.
// Nothing in the file is trusted that can be derived again: each step's risk comes from the action catalogue, its
// action from the playbook, its decision from the policy in force and the environment from config. The signature
// (when this machine has a key) proves who made the plan; an unsigned plan proves only that it is exactly what
// this machine would plan and decide now for those steps.
import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { loadAction } from '../actions/registry.js'
import type { Config } from '../config/config.js'
import type { SigningKey } from '../config/signing-key.js'
import { PlanRefusedError, UsageError } from '../errors.js'
import type { LoadedPolicy } from '../policy/types.js'
import { schemaProblems, validatorFor, validatorForObject } from '../schema/validator.js'
import { toolVersion } from '../version.js'
import { contentHash } from './build.js'
import { resolveEnvironment } from './environment.js'
import { environmentsNamed, fleetTargets, reachOf } from './fleet.js'
import type { LoadedPlaybook } from './playbook.js'
import { decidePlan } from './policy-steps.js'
import { planHash, signatureValid } from './seal.js'
import type { Plan } from './types.js'

interface PlanCheckContext {
  key?: SigningKey
  config: Config
  policy: LoadedPolicy
  playbooks: readonly LoadedPlaybook[]
  now?: Date
}

const refuse = (why: string, hint: string) => new PlanRefusedError(`plan refused: ${why}`, { hint })
const replan = 'Make a new plan with `cloudops plan ... --out FILE`, review it, and apply that.'
const major = (v: string) => v.split('.')[0]

export function readPlanFile(file: string): unknown {
  let text: string
  try {
    // Stryker disable next-line StringLiteral: with no encoding it reads a Buffer, which JSON.parse turns into the same UTF-8 text
    text = readFileSync(file, 'utf8')
  } catch (err) {
    // No plan to refuse: the path is wrong, which is a usage error.
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code
    throw new UsageError(`cannot read plan file ${file}: ${why}`, {
      hint: 'Give the path of a plan saved by `cloudops plan ... --out FILE`.',
    })
  }
  try {
    return JSON.parse(text)
  } catch {
    throw refuse(`${file} is not valid JSON`, replan)
  }
}

export async function verifyPlan(data: unknown, ctx: PlanCheckContext): Promise<Plan> {
  const fv = (data as { format_version?: unknown })?.format_version
  if (fv !== 1) throw refuse(`unsupported format_version ${JSON.stringify(fv)} (this cloudops reads 1)`, replan)
  const validate = validatorFor('plan')
  // Stryker disable next-line OptionalChaining: the plan schema has no anyOf/oneOf/if, so a failed check always leaves a problem
  if (!validate(data)) throw refuse(`not a valid plan: ${schemaProblems(validate)[0]?.message}`, replan)
  const plan = data as Plan
  if (planHash(plan) !== plan.hash) throw refuse('its hash does not match its content: the file was edited', replan)
  if (contentHash(plan) !== plan.content_sha256) throw refuse('content_sha256 does not match its content', replan)
  if (ctx.key) {
    if (!plan.signature) throw refuse('it is not signed, and plans made here are', replan)
    if (plan.signature.key_id !== ctx.key.keyId) {
      throw refuse(`it was signed by key ${plan.signature.key_id}, not this machine's key ${ctx.key.keyId}`, replan)
    }
    if (!signatureValid(plan, ctx.key)) throw refuse('its signature is invalid', replan)
  }
  const now = ctx.now ?? new Date()
  if (Date.parse(plan.expires_at) <= now.getTime()) throw refuse(`it expired at ${plan.expires_at}`, replan)
  if (major(plan.tool_version) !== major(toolVersion())) {
    throw refuse(`it was made by cloudops ${plan.tool_version}; this is ${toolVersion()}`, replan)
  }
  if (plan.policy.sha256 !== ctx.policy.sha256) {
    throw refuse(`the policy changed since it was planned (now ${ctx.policy.source})`, replan)
  }
  const pb = ctx.playbooks.find((p) => p.playbook.metadata.name === plan.playbook.name)
  if (!pb) throw refuse(`playbook ${plan.playbook.name} no longer exists`, replan)
  if (pb.sha256 !== plan.playbook.sha256) throw refuse(`playbook ${plan.playbook.name} changed since`, replan)
  await checkWhere(plan, pb, ctx.config)
  for (const step of plan.steps) {
    // "groups@us-east-1#2" is step groups, in region us-east-1, of the fleet's second target.
    const written = pb.playbook.steps.find((s) => s.id === step.id.split(/[@#]/)[0])
    if (written?.action !== step.action) {
      throw refuse(`step ${step.id} is not a step of playbook ${plan.playbook.name} as it is written`, replan)
    }
    let action: Awaited<ReturnType<typeof loadAction>>
    try {
      action = await loadAction(step.action)
    } catch {
      throw refuse(`step ${step.id} names an unknown action ${step.action}`, replan)
    }
    // Risk comes from the catalogue, never from the file.
    if (action.risk !== step.risk || action.provider !== step.provider) {
      throw refuse(`step ${step.id} says risk ${step.risk} but ${step.action} is ${action.risk}`, replan)
    }
    if (!validatorForObject(action.params)(step.params)) throw refuse(`step ${step.id} has invalid params`, replan)
  }
  // A fleet plan analyzes each target with the playbook's analyzers, in target order.
  const analyzers = plan.analyze.map((a) => `${a.target ?? ''} ${a.analyzer}`)
  const written = (plan.targets ?? [undefined]).flatMap((t) =>
    pb.playbook.analyze.map((a) => `${t?.id ?? ''} ${a.analyzer}`),
  )
  if (!isDeepStrictEqual(analyzers, written)) {
    throw refuse(`its analyzers are not those of playbook ${plan.playbook.name}`, replan)
  }
  await checkDecisions(plan, ctx.policy)
  return plan
}

/** The environment (and a fleet's targets) as config.yaml says now: a plan runs where it was reviewed to, or not. */
async function checkWhere(plan: Plan, pb: LoadedPlaybook, config: Config): Promise<void> {
  const { name, overrides } = plan.environment
  if (!plan.targets) {
    const environment = resolveEnvironment(config, name, process.env, overrides)
    if (!isDeepStrictEqual(environment, plan.environment)) {
      throw refuse(`environment ${name} is not what config.yaml says now`, replan)
    }
    return
  }
  let targets: unknown
  try {
    targets = fleetTargets(config, environmentsNamed(config, name), await reachOf(pb), process.env, overrides)
  } catch (err) {
    throw refuse(`its fleet ${name} cannot be resolved now: ${(err as Error).message}`, replan)
  }
  if (!isDeepStrictEqual(targets, plan.targets)) {
    throw refuse(`the targets of ${name} are not what config.yaml says now`, replan)
  }
  const owner = new Set(plan.targets.map((t) => t.id))
  const stray = plan.steps.find((s) => !s.target || !owner.has(s.target))
  if (stray) throw refuse(`step ${stray.id} names no target of the plan`, replan)
}

/** Decide every step again under the policy in force; any difference from the file refuses the plan. */
async function checkDecisions(plan: Plan, policy: LoadedPolicy): Promise<void> {
  const now = await decidePlan(policy.policy, plan)
  const written = plan.policy.decisions
  if (written.length !== now.length) {
    throw refuse(`it holds ${written.length} policy decisions for ${now.length} steps`, replan)
  }
  for (const decision of now) {
    const saved = written.find((d) => d.step === decision.step)
    if (!isDeepStrictEqual(saved, decision)) {
      throw refuse(
        `step ${decision.step}: the plan says ${saved?.effect ?? 'nothing'}, the policy in force says ${decision.effect}`,
        replan,
      )
    }
  }
}
