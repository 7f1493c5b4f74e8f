// Planning use cases: from a playbook name (no LLM), or from an accepted intent (rule-based playbook choice); and the
// audit records of a plan, written the same way whether the plan is saved (`plan`) or run (`run`, `ask`, `apply`).
import type { AuditSink } from '../audit/sink.js'
import { IntentRejectedError } from '../errors.js'
import type { IntentResult } from '../intent/result.js'
import type { AcceptedIntent } from '../intent/types.js'
import { buildPlan } from '../planner/build.js'
import { resolveEnvironment } from '../planner/environment.js'
import { environmentsNamed, fleetTargets, isFleet, reachOf } from '../planner/fleet.js'
import { findPlaybook } from '../planner/load.js'
import { matchPlaybook } from '../planner/match.js'
import { splitParamFlags } from '../planner/params.js'
import type { LoadedPlaybook } from '../planner/playbook.js'
import { sealPlan } from '../planner/seal.js'
import type { Plan, PlanEnvironment, PlanTarget, TargetOverrides } from '../planner/types.js'
import type { Via } from '../policy/types.js'
import { writeFileAtomic } from '../util/safe-write.js'
import { planTtlMs, type Sources } from './sources.js'

interface PlanRequest {
  env?: string
  /** --context, -n/--namespace, --profile, --region: this run's own target. */
  overrides?: TargetOverrides
  params?: string[]
  ttl?: string
  now?: Date
  /** Who asks (the CLI unless said): policy rules can match it. */
  via?: Via
}

/** Where a run's records go. */
interface RunAudit {
  audit: AuditSink
  runId: string
}

async function bindAndSeal(
  src: Sources,
  playbook: LoadedPlaybook,
  env: string | undefined,
  intent: { intent: AcceptedIntent; question: string } | null,
  req: PlanRequest,
): Promise<Plan> {
  const plan = await buildPlan({
    intent: intent?.intent ?? null,
    question: intent?.question ?? null,
    playbook,
    ...(await whereToRun(src, playbook, env, req.overrides)),
    params: splitParamFlags(req.params),
    policy: src.policy,
    ttlMs: planTtlMs(req.ttl, src.config),
    now: req.now,
    via: req.via,
  })
  return sealPlan(plan, src.key)
}

/** One environment, or a fleet: every target the selector names, and the fleet's own name and state. */
async function whereToRun(
  src: Sources,
  playbook: LoadedPlaybook,
  selector: string | undefined,
  overrides: TargetOverrides | undefined,
): Promise<{ environment: PlanEnvironment; targets?: PlanTarget[] }> {
  const names = environmentsNamed(src.config, selector)
  if (!isFleet(src.config, names)) {
    return { environment: resolveEnvironment(src.config, names[0], process.env, overrides) }
  }
  const targets = fleetTargets(src.config, names, await reachOf(playbook), process.env, overrides)
  const environment: PlanEnvironment = {
    name: selector ?? names.join(','),
    resolved: targets.every((t) => t.environment.resolved),
    ...(overrides && Object.keys(overrides).length ? { overrides } : {}),
  }
  return { environment, targets }
}

export async function planPlaybook(src: Sources, name: string, req: PlanRequest): Promise<Plan> {
  return bindAndSeal(src, findPlaybook(src.playbooks, name), req.env, null, req)
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
  return bindAndSeal(src, playbook, req.env ?? intent.target.scope, { intent, question }, req)
}

/** `cloudops plan QUESTION`: plan what the question was understood as, or refuse (exit 3) when the gate did. */
export async function planUnderstood(src: Sources, understood: IntentResult, req: PlanRequest): Promise<Plan> {
  const { verdict } = understood
  if (!verdict.accepted) {
    throw new IntentRejectedError(`intent not accepted: ${verdict.reason}`, {
      hint: verdict.clarification ?? 'Rephrase the question, or plan a playbook directly with --playbook NAME.',
      details: { understood: understood.intent, candidates: understood.candidates },
    })
  }
  return planIntent(src, verdict.intent, understood.question, req)
}

/**
 * The plan and the policy's decisions, in the audit log before anything acts on them. Every command writes the same
 * data: `out` is the file `plan --out` saves the plan to, null when the plan is not saved.
 */
export async function recordPlan(run: RunAudit, plan: Plan, out: string | null = null): Promise<void> {
  await run.audit.append({
    run_id: run.runId,
    kind: 'plan_created',
    data: {
      plan_id: plan.plan_id,
      playbook: plan.playbook,
      environment: plan.environment.name,
      resolved: plan.environment.resolved,
      ...(plan.environment.overrides ? { overrides: plan.environment.overrides } : {}),
      ...(plan.targets ? { targets: plan.targets.map((t) => t.id) } : {}),
      steps: plan.steps.map((s) => s.id),
      content_sha256: plan.content_sha256,
      hash: plan.hash,
      out,
    },
  })
  await run.audit.append({
    run_id: run.runId,
    kind: 'policy_decided',
    data: { source: plan.policy.source, sha256: plan.policy.sha256, decisions: plan.policy.decisions },
  })
}

/** `cloudops plan`'s end: record the plan, save it when asked, and end the run as planned. */
export async function finishPlanning(run: RunAudit, plan: Plan, out?: string): Promise<void> {
  await recordPlan(run, plan, out ?? null)
  // Saved before the run is recorded as planned: a failed write ends the run as a failure instead.
  if (out) writeFileAtomic(out, `${JSON.stringify(plan, null, 2)}\n`, 0o600)
  await run.audit.append({ run_id: run.runId, kind: 'run_finished', data: { status: 'planned' } })
  await run.audit.close()
}
