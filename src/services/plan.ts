// Planning use cases: from a playbook name (no LLM), or from an accepted intent (rule-based playbook choice).
import { IntentRejectedError } from '../errors.js'
import type { AcceptedIntent } from '../intent/types.js'
import { buildPlan } from '../planner/build.js'
import { resolveEnvironment } from '../planner/environment.js'
import { findPlaybook } from '../planner/load.js'
import { matchPlaybook } from '../planner/match.js'
import { splitParamFlags } from '../planner/params.js'
import { sealPlan } from '../planner/seal.js'
import type { Plan } from '../planner/types.js'
import { planTtlMs, type Sources } from './sources.js'

export interface PlanRequest {
  env?: string
  params?: string[]
  ttl?: string
  now?: Date
}

export async function planPlaybook(src: Sources, name: string, req: PlanRequest): Promise<Plan> {
  const playbook = findPlaybook(src.playbooks, name)
  const plan = await buildPlan({
    intent: null,
    question: null,
    playbook,
    environment: resolveEnvironment(src.config, req.env),
    params: splitParamFlags(req.params),
    policy: src.policy,
    ttlMs: planTtlMs(req.ttl, src.config),
    now: req.now,
  })
  return sealPlan(plan, src.key)
}

export async function planIntent(
  src: Sources,
  intent: AcceptedIntent,
  question: string,
  req: PlanRequest & { playbook?: string },
): Promise<Plan> {
  const playbook = req.playbook
    ? findPlaybook(src.playbooks, req.playbook)
    : matchPlaybook(src.playbooks, intent, question)
  if (!playbook) {
    throw new IntentRejectedError(`no playbook serves ${intent.intent_type} of ${intent.target.resource_type}`, {
      hint: 'See `cloudops playbooks list`, or run one directly with `cloudops run NAME`.',
    })
  }
  // --env names the environment when given; otherwise the question's scope does.
  const env = req.env ?? intent.target.scope
  const plan = await buildPlan({
    intent,
    question,
    playbook,
    environment: resolveEnvironment(src.config, env),
    params: splitParamFlags(req.params),
    policy: src.policy,
    ttlMs: planTtlMs(req.ttl, src.config),
    now: req.now,
  })
  return sealPlan(plan, src.key)
}
