// A run: record the plan and the policy's decisions, stop for a deny or missing approval, execute, analyze, and
// report. Every stage is in the audit log before the next one starts.
import type { Severity } from '../analyzers/types.js'
import { findingSeverities } from '../analyzers/types.js'
import type { AuditSink } from '../audit/sink.js'
import { runAnalyses } from '../engine/analyze.js'
import { executePlan } from '../engine/execute.js'
import { CancelledError, PolicyDeniedError, UsageError } from '../errors.js'
import { suggestEnvironment } from '../intent/near-miss.js'
import type { Plan, PlanStep } from '../planner/types.js'
import { requestApproval } from '../policy/approval.js'
import type { LlmUsage, RunReport, RunStatus, StepReport } from '../report/types.js'

export interface RunOptions {
  runId: string
  audit: AuditSink
  dryRun?: boolean
  yes?: boolean
  interactive?: boolean
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

export function countBySeverity(findings: { severity: Severity }[]): Partial<Record<Severity, number>> {
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
  const { audit, runId } = opts
  await audit.append({
    run_id: runId,
    kind: 'plan_created',
    data: {
      plan_id: plan.plan_id,
      playbook: plan.playbook,
      environment: plan.environment.name,
      resolved: plan.environment.resolved,
      steps: plan.steps.map((s) => s.id),
      content_sha256: plan.content_sha256,
      hash: plan.hash,
    },
  })
  await audit.append({
    run_id: runId,
    kind: 'policy_decided',
    data: { source: plan.policy.source, sha256: plan.policy.sha256, decisions: plan.policy.decisions },
  })
  if (opts.dryRun) return finished(opts, emptyReport(plan, opts, 'dry_run', started))
  if (!plan.environment.resolved) {
    const name = plan.environment.name
    const guess = suggestEnvironment(name, opts.environments ?? [])
    throw new UsageError(
      `environment "${name}" is not configured, so the plan cannot run${guess ? `; did you mean ${guess}?` : ''}`,
      {
        hint: guess
          ? `Use --env ${guess}, or add environments.${name} to config.yaml if it is a new environment.`
          : `Add environments.${name} to config.yaml (\`cloudops config set environments.${name}.aws.regions '[us-east-1]'\`), or pick another with --env.`,
      },
    )
  }
  try {
    const approval = await requestApproval(plan.policy.decisions, {
      yes: Boolean(opts.yes),
      interactive: Boolean(opts.interactive),
      prompt: opts.prompt,
      signal: opts.signal,
    })
    if (approval.steps.length) await audit.append({ run_id: runId, kind: 'approval', data: { ...approval } })
  } catch (err) {
    if (err instanceof CancelledError) {
      await finished(opts, emptyReport(plan, opts, 'cancelled', started), err.signal)
      throw err
    }
    if (!(err instanceof PolicyDeniedError)) throw err
    const report = await finished(opts, emptyReport(plan, opts, 'denied', started))
    throw Object.assign(err, { report })
  }
  const execution = await executePlan({
    plan,
    runId,
    audit,
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
  const findings = runAnalyses(plan.analyze, execution.outputs)
  const required = plan.steps.filter((s) => !s.optional).map((s) => s.id)
  const requiredFailed = execution.steps.filter((s) => required.includes(s.id) && s.status !== 'ok')
  const anyOk = execution.steps.some((s) => s.status === 'ok')
  const status: RunStatus = requiredFailed.length === 0 ? 'succeeded' : anyOk ? 'partial' : 'failed'
  return finished(opts, {
    run_id: runId,
    plan,
    status,
    steps: execution.steps,
    findings,
    summary: {
      findings_by_severity: countBySeverity(findings),
      api_calls: execution.apiCalls,
      duration_ms: Math.round(performance.now() - started),
    },
    llm: opts.llm ?? null,
  })
}
