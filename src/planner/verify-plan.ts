// `apply` runs a saved plan exactly as reviewed, or refuses (exit 6) naming why: unreadable, wrong format, edited,
// signed by another key, expired, made by another major version, or the policy or playbook moved since.
import { readFileSync } from 'node:fs'
import { loadAction } from '../actions/registry.js'
import type { SigningKey } from '../config/signing-key.js'
import { PlanRefusedError } from '../errors.js'
import type { LoadedPolicy } from '../policy/types.js'
import { schemaProblems, validatorFor, validatorForObject } from '../schema/validator.js'
import { toolVersion } from '../version.js'
import { contentHash } from './build.js'
import type { LoadedPlaybook } from './playbook.js'
import { planHash, signatureValid } from './seal.js'
import type { Plan } from './types.js'

export interface PlanCheckContext {
  key?: SigningKey
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
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw refuse(`cannot read ${file} (${(err as NodeJS.ErrnoException).code})`, 'Give the path of a saved plan.')
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
  for (const step of plan.steps) {
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
  return plan
}
