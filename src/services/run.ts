// A run: record the plan and the policy's decisions, stop for a deny or missing approval, execute, analyze, and
// report. Every stage is in the audit log before the next one starts.
import type { Severity } from '../analyzers/types.js'
import { findingSeverities } from '../analyzers/types.js'
import type { AuditSink } from '../audit/sink.js'
import { runAnalyses } from '../engine/analyze.js'
import { type Execution, executePlan } from '../engine/execute.js'
import { CancelledError, PolicyDeniedError, UsageError } from '../errors.js'
import { suggestEnvironment } from '../intent/near-miss.js'
import { stepEnvironment } from '../planner/policy-steps.js'
import type { Plan, PlanStep } from '../planner/types.js'
import { requestApproval } from '../policy/approval.js'
import { planTarget } from '../render/plan.js'
import { safeInline } from '../render/safe-text.js'
import type { LlmUsage, RunReport, RunStatus, StepReport } from '../report/types.js'
import { monotonicMs } from '../util/clock.js'
import { deniedStep, deniedTargets, fleetFindings, fleetStatus, stepsStatus, targetReports } from './fleet-run.js'
import { recordPlan } from './plan.js'

interface RunOptions {
  runId: string
  audit: AuditSink
  dryRun?: boolean
  yes?: boolean
  interactive?: boolean
  /** How approval can be had when no one can be asked (the MCP server's words differ from the CLI's). */
  unapprovedHint?: string
  concurrency?: number
  /** A fleet run's bound across all targets (`concurrency` is then each target's). */
  fleetConcurrency?: number
  stepTimeoutMs?: number
  llm?: LlmUsage | null
  onStep?: (event: 'start' | 'end', step: PlanStep, report?: StepReport) => void
  prompt?: (message: string) => Promise<boolean>
  /** Aborted by SIGINT/SIGTERM: in-flight calls stop and the run ends `cancelled`. */
  signal?: AbortSignal
  /** The configured environment names, to suggest one for a misspelt --env. */
  environments?: string[]
}

function countBySeverity(findings: { severity: Severity }[]): Partial<Record<Severity, number>> {
  const out: Partial<Record<Severity, number>> = {}
  for (const s of findingSeverities) {
    const n = findings.filter((f) => f.severity === s).length
    if (n) out[s] = n
  }
  return out
}

function emptyReport(plan: Plan, opts: RunOptions, status: RunStatus, started: number): RunReport {
  return {
    run_id: opts.runId,
    plan,
    status,
    steps: plan.steps.map((s) => {
      const d = plan.policy.decisions.find((x) => x.step === s.id)
      const denied = status === 'denied' && d?.effect !== 'allow'
      return {
        id: s.id,
        action: s.action,
        status: denied ? 'denied' : 'skipped',
        duration_ms: 0,
        items: 0,
        error: denied ? `${d?.effect}: ${d?.reason}` : null,
        ...(s.target ? { target: s.target } : {}),
      }
    }),
    ...(plan.targets ? { targets: targetReports(plan, [], { status }) } : {}),
    findings: [],
    summary: { findings_by_severity: {}, api_calls: 0, duration_ms: Math.round(monotonicMs() - started) },
    llm: opts.llm ?? null,
  }
}

async function finished(opts: RunOptions, report: RunReport, signal?: string): Promise<RunReport> {
  await opts.audit.append({
    run_id: opts.runId,
    kind: 'run_finished',
    data: {
      status: report.status,
      ...report.summary,
      findings: report.findings.length,
      // A fleet's targets: how each ended and who its credentials were (the actor holds one person, many targets).
      ...(report.targets ? { targets: report.targets } : {}),
      ...(signal ? { signal } : {}),
    },
  })
  await opts.audit.close()
  return report
}

export async function runPlan(plan: Plan, opts: RunOptions): Promise<RunReport> {
  const started = monotonicMs()
  await recordPlan(opts, plan)
  if (opts.dryRun) return finished(opts, emptyReport(plan, opts, 'dry_run', started))
  refuseUnresolvedEnvironment(plan, opts.environments ?? [])
  // A fleet target with a denied step does not run; the others do, unless every target is denied.
  const denied = plan.targets ? deniedTargets(plan) : new Set<string>()
  const everyTargetDenied = denied.size > 0 && denied.size === plan.targets?.length
  const runnable = everyTargetDenied ? plan.steps : plan.steps.filter((s) => !s.target || !denied.has(s.target))
  const declined = await approveOrEnd(plan, runnable, opts, started)
  const fleet = Boolean(plan.targets)
  const execution = await executePlan({
    plan: { ...plan, steps: runnable },
    declined,
    runId: opts.runId,
    audit: opts.audit,
    concurrency: (fleet ? opts.fleetConcurrency : undefined) ?? opts.concurrency ?? 4,
    perTarget: opts.concurrency ?? 4,
    stepTimeoutMs: opts.stepTimeoutMs ?? 60_000,
    onStep: opts.onStep,
    signal: opts.signal,
  })
  const ran = new Map(execution.steps.map((r) => [r.id, r]))
  const steps = plan.steps.map((s) => ran.get(s.id) ?? deniedStep(plan, s))
  const done = { ...execution, steps }
  if (opts.signal?.aborted) {
    const cancelled = opts.signal.reason as CancelledError
    await finished(opts, { ...emptyReport(plan, opts, 'cancelled', started), steps }, cancelled.signal)
    throw cancelled
  }
  const report = analyzedReport(plan, opts, done, denied, started)
  // A fleet target that cannot be reached as configured fails alone; the refusal ends the run when nothing ran.
  if (execution.refusal && (!fleet || report.status === 'failed')) {
    await finished(opts, { ...report, status: 'failed' })
    throw execution.refusal
  }
  return finished(opts, report)
}

/** A plan for an environment config.yaml does not name can be reviewed, never run. */
function refuseUnresolvedEnvironment(plan: Plan, environments: string[]): void {
  if (plan.environment.resolved) return
  // In a fleet, the first environment config.yaml lacks is the one to name.
  const name = plan.targets?.find((t) => !t.environment.resolved)?.env ?? plan.environment.name
  const guess = suggestEnvironment(name, environments)
  throw new UsageError(
    `environment "${name}" is not configured, so the plan cannot run${guess ? `; did you mean ${guess}?` : ''}`,
    {
      hint: guess
        ? `Use --env ${guess}, or add environments.${name} to config.yaml if it is a new environment.`
        : `Add environments.${name} to config.yaml (\`cloudops config set environments.${name}.aws.regions '[us-east-1]'\`), or pick another with --env.`,
    },
  )
}

/**
 * Ask for what policy says needs approval; a deny, a refusal or a signal ends the run here, recorded. Returns the
 * optional steps the person declined, which the run skips.
 */
async function approveOrEnd(plan: Plan, runnable: PlanStep[], opts: RunOptions, started: number): Promise<string[]> {
  const ids = new Set(runnable.map((s) => s.id))
  try {
    const approval = await requestApproval(
      plan.policy.decisions.filter((d) => ids.has(d.step)),
      {
        yes: Boolean(opts.yes),
        interactive: Boolean(opts.interactive),
        prompt: opts.prompt,
        signal: opts.signal,
        describe: (d) => describeStep(plan, d.step),
        optional: new Set(plan.steps.filter((s) => s.optional).map((s) => s.id)),
        unapprovedHint: opts.unapprovedHint,
      },
    )
    if (approval.steps.length) await opts.audit.append({ run_id: opts.runId, kind: 'approval', data: { ...approval } })
    return approval.declined
  } catch (err) {
    if (err instanceof CancelledError) {
      await finished(opts, emptyReport(plan, opts, 'cancelled', started), err.signal)
      throw err
    }
    if (!(err instanceof PolicyDeniedError)) throw err
    const report = await finished(opts, emptyReport(plan, opts, 'denied', started))
    throw Object.assign(err, { report })
  }
}

/** One step as the approval prompt shows it: what it does, how risky, where, with what; safe for the terminal. */
function describeStep(plan: Plan, id: string): string {
  const step = plan.steps.find((s) => s.id === id)
  if (!step) return `Step ${safeInline(id)}`
  // In a fleet, where this one step runs: its target's environment.
  const environment = stepEnvironment(plan, step)
  const where = planTarget({ environment })
  const params = Object.entries(step.params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ')
  return [
    `Step ${step.id}: ${step.action} (risk ${step.risk}${step.optional ? ', optional: declining skips it' : ', required'})`,
    `  on ${environment.name}${step.target ? `, target ${step.target}` : ''}${step.region ? ` in ${step.region}` : ''}${where ? ` (${where})` : ''}`,
    `  params: ${params || 'none'}`,
  ]
    .map(safeInline)
    .join('\n')
}

function analyzedReport(
  plan: Plan,
  opts: RunOptions,
  execution: Execution,
  denied: Set<string>,
  started: number,
): RunReport {
  const findings = plan.targets
    ? fleetFindings(plan, execution.outputs, denied)
    : runAnalyses(plan.analyze, execution.outputs)
  const targets = plan.targets
    ? targetReports(plan, execution.steps, { denied, identities: execution.identities })
    : undefined
  return {
    run_id: opts.runId,
    plan,
    status: targets ? fleetStatus(targets) : stepsStatus(plan, execution.steps),
    ...(targets ? { targets } : {}),
    steps: execution.steps,
    findings,
    summary: {
      findings_by_severity: countBySeverity(findings),
      api_calls: execution.apiCalls,
      duration_ms: Math.round(monotonicMs() - started),
    },
    llm: opts.llm ?? null,
  }
}
