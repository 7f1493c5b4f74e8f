// A run: record the plan and the policy's decisions, stop for a deny or missing approval, execute, analyze, and
// report. Every stage is in the audit log before the next one starts.
import type { Severity } from '../analyzers/types.js'
import { findingSeverities } from '../analyzers/types.js'
import type { AuditSink } from '../audit/sink.js'
import { runAnalyses } from '../engine/analyze.js'
import { type Execution, executePlan } from '../engine/execute.js'
import { CancelledError, PolicyDeniedError, UsageError } from '../errors.js'
import { suggestEnvironment } from '../intent/near-miss.js'
import type { Plan, PlanStep } from '../planner/types.js'
import { requestApproval } from '../policy/approval.js'
import { planTarget } from '../render/plan.js'
import { safeInline } from '../render/safe-text.js'
import type { LlmUsage, RunReport, RunStatus, StepReport } from '../report/types.js'
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
      }
    }),
    findings: [],
    summary: { findings_by_severity: {}, api_calls: 0, duration_ms: Math.round(performance.now() - started) },
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
      ...(signal ? { signal } : {}),
    },
  })
  await opts.audit.close()
  return report
}

export async function runPlan(plan: Plan, opts: RunOptions): Promise<RunReport> {
  const started = performance.now()
  await recordPlan(opts, plan)
  if (opts.dryRun) return finished(opts, emptyReport(plan, opts, 'dry_run', started))
  refuseUnresolvedEnvironment(plan, opts.environments ?? [])
  const declined = await approveOrEnd(plan, opts, started)
  const execution = await executePlan({
    plan,
    declined,
    runId: opts.runId,
    audit: opts.audit,
    concurrency: opts.concurrency ?? 4,
    stepTimeoutMs: opts.stepTimeoutMs ?? 60_000,
    onStep: opts.onStep,
    signal: opts.signal,
  })
  if (opts.signal?.aborted) {
    const cancelled = opts.signal.reason as CancelledError
    await finished(opts, { ...emptyReport(plan, opts, 'cancelled', started), steps: execution.steps }, cancelled.signal)
    throw cancelled
  }
  if (execution.refusal) {
    await finished(opts, { ...analyzedReport(plan, opts, execution, started), status: 'failed' })
    throw execution.refusal
  }
  return finished(opts, analyzedReport(plan, opts, execution, started))
}

/** A plan for an environment config.yaml does not name can be reviewed, never run. */
function refuseUnresolvedEnvironment(plan: Plan, environments: string[]): void {
  if (plan.environment.resolved) return
  const name = plan.environment.name
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
async function approveOrEnd(plan: Plan, opts: RunOptions, started: number): Promise<string[]> {
  try {
    const approval = await requestApproval(plan.policy.decisions, {
      yes: Boolean(opts.yes),
      interactive: Boolean(opts.interactive),
      prompt: opts.prompt,
      signal: opts.signal,
      describe: (d) => describeStep(plan, d.step),
      optional: new Set(plan.steps.filter((s) => s.optional).map((s) => s.id)),
      unapprovedHint: opts.unapprovedHint,
    })
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
  const where = planTarget(plan)
  const params = Object.entries(step.params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ')
  return [
    `Step ${step.id}: ${step.action} (risk ${step.risk}${step.optional ? ', optional: declining skips it' : ', required'})`,
    `  on ${plan.environment.name}${step.region ? ` in ${step.region}` : ''}${where ? ` (${where})` : ''}`,
    `  params: ${params || 'none'}`,
  ]
    .map(safeInline)
    .join('\n')
}

/** Succeeded when every required step did; partial when some step did; failed when none did. */
function runStatus(plan: Plan, steps: StepReport[]): RunStatus {
  const required = plan.steps.filter((s) => !s.optional).map((s) => s.id)
  const requiredFailed = steps.filter((s) => required.includes(s.id) && s.status !== 'ok')
  if (requiredFailed.length === 0) return 'succeeded'
  return steps.some((s) => s.status === 'ok') ? 'partial' : 'failed'
}

function analyzedReport(plan: Plan, opts: RunOptions, execution: Execution, started: number): RunReport {
  const findings = runAnalyses(plan.analyze, execution.outputs)
  return {
    run_id: opts.runId,
    plan,
    status: runStatus(plan, execution.steps),
    steps: execution.steps,
    findings,
    summary: {
      findings_by_severity: countBySeverity(findings),
      api_calls: execution.apiCalls,
      duration_ms: Math.round(performance.now() - started),
    },
    llm: opts.llm ?? null,
  }
}
