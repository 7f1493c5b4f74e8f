// What makes a fleet run differ from one environment's: a deny stops its own target only (and is reported), each
// target's analyses read that target's steps only, and the report says how each target ended and who its
// credentials were. Everything else (approval, execution, audit) is the run's as usual.
import type { ActionOutput } from '../actions/types.js'
import type { Finding } from '../analyzers/types.js'
import { bySeverity } from '../analyzers/util.js'
import type { LearnedIdentity } from '../clients/identity.js'
import { runAnalyses } from '../engine/analyze.js'
import type { Plan, PlanTarget } from '../planner/types.js'
import type { RunStatus, StepReport, TargetReport } from '../report/types.js'

/** Targets with a denied step: none of their steps run. */
export function deniedTargets(plan: Plan): Set<string> {
  const denied = new Set(plan.policy.decisions.filter((d) => d.effect === 'deny').map((d) => d.step))
  return new Set(plan.steps.filter((s) => s.target && denied.has(s.id)).map((s) => s.target as string))
}

/** The report of a step its target's deny kept from running. */
export function deniedStep(plan: Plan, step: Plan['steps'][number]): StepReport {
  const own = plan.policy.decisions.find((d) => d.step === step.id)
  const why =
    own?.effect === 'deny'
      ? `deny: ${own.reason} (rule ${own.rules.join(', ')})`
      : `denied: another step of target ${step.target} is denied`
  return {
    id: step.id,
    action: step.action,
    status: 'denied',
    duration_ms: 0,
    items: 0,
    error: why,
    target: step.target,
  }
}

/** Each target's analyses over its own steps' outputs (a denied target has none); every finding names its target. Worst first, then by id,
 * so one problem on several clusters reads as one block. */
export function fleetFindings(plan: Plan, outputs: Map<string, ActionOutput>, denied: Set<string>): Finding[] {
  const order = new Map((plan.targets ?? []).map((t, i) => [t.id, i]))
  // A denied target was never looked at: its analyzers would only say they could not see.
  const looked = (plan.targets ?? []).filter((t) => !denied.has(t.id))
  const findings = looked.flatMap((t) =>
    runAnalyses(
      plan.analyze.filter((a) => a.target === t.id),
      outputs,
    ).map((f) => ({ ...f, target: t.id })),
  )
  return findings.sort((a, b) => bySeverity(a, b) || (order.get(a.target) ?? 0) - (order.get(b.target) ?? 0))
}

/** Succeeded when every required step did; partial when some step did; failed when none did. */
export function stepsStatus(plan: Pick<Plan, 'steps'>, steps: readonly StepReport[]): RunStatus {
  const required = new Set(plan.steps.filter((s) => !s.optional).map((s) => s.id))
  if (steps.every((s) => !required.has(s.id) || s.status === 'ok')) return 'succeeded'
  return steps.some((s) => s.status === 'ok') ? 'partial' : 'failed'
}

function targetStatus(plan: Plan, t: PlanTarget, steps: readonly StepReport[], denied: Set<string>): RunStatus {
  if (denied.has(t.id)) return 'denied'
  const own = steps.filter((s) => s.target === t.id)
  return stepsStatus({ steps: plan.steps.filter((s) => s.target === t.id) }, own)
}

/** The fleet's status: succeeded only when every target did; failed (or denied) when no target got anything. */
export function fleetStatus(targets: readonly TargetReport[]): RunStatus {
  if (targets.every((t) => t.status === 'succeeded')) return 'succeeded'
  if (targets.every((t) => t.status === 'denied')) return 'denied'
  if (targets.some((t) => t.status === 'succeeded' || t.status === 'partial')) return 'partial'
  return 'failed'
}

/** Every target, how it ended (or `status` for all, when the run ended before any ran), and who it was. */
export function targetReports(
  plan: Plan,
  steps: readonly StepReport[],
  o: { denied?: Set<string>; identities?: readonly LearnedIdentity[]; status?: RunStatus },
): TargetReport[] {
  return (plan.targets ?? []).map((t) => {
    // null where the target has no such side, so it matches no identity of that kind.
    const profile = t.environment.aws ? (t.environment.aws.profile ?? '') : null
    const context = t.environment.kubernetes ? (t.environment.kubernetes.context ?? '') : null
    // An AWS identity is learned per profile, a Kubernetes one per context: a target has its account's and its context's.
    const learned = (o.identities ?? [])
      .filter(
        (i) =>
          (i.where.profile !== undefined && i.where.profile === profile) ||
          (i.where.context !== undefined && i.where.context === context),
      )
      .reduce((all, i) => Object.assign(all, i.fields), {} as LearnedIdentity['fields'])
    return {
      id: t.id,
      env: t.env,
      account: t.account ?? null,
      region: t.region ?? null,
      context: t.context ?? null,
      status: o.status ?? targetStatus(plan, t, steps, o.denied ?? new Set()),
      ...(learned.aws_arn ? { aws_arn: learned.aws_arn } : {}),
      ...(learned.kube_user ? { kube_user: learned.kube_user } : {}),
    }
  })
}
