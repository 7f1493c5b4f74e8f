// One step of a run, from its audit record to its report: the step_started record is written before anything runs
// (fail closed), the action runs under the step's timeout with the run's clients, and step_finished says how it ended.
import { hasAction, loadAction } from '../actions/registry.js'
import type { ActionContext, ActionDefinition, ActionOutput } from '../actions/types.js'
import type { AuditSink } from '../audit/sink.js'
import type { RunIdentity } from '../clients/identity.js'
import type { RunClients } from '../clients/run-clients.js'
import { IntentRejectedError, UsageError } from '../errors.js'
import { effectiveNamespace } from '../planner/policy-steps.js'
import type { PlanEnvironment, PlanStep } from '../planner/types.js'
import type { StepReport } from '../report/types.js'
import { monotonicMs } from '../util/clock.js'
import { describeStepFailure } from './step-error.js'
import { runWithTimeout } from './step-timeout.js'

/** What the steps of one run share. */
export interface StepRun {
  runId: string
  audit: AuditSink
  /** Where a step runs: the plan's environment, or its fleet target's. */
  environmentOf: (step: PlanStep) => PlanEnvironment
  stepTimeoutMs: number
  /** The run's: aborts every step. */
  signal?: AbortSignal
  clients: RunClients
  identity: RunIdentity
  /** Outputs of the steps that succeeded, by step id. */
  outputs: Map<string, ActionOutput>
  /** Reports of the steps that ended, by step id. */
  reports: Map<string, StepReport>
  onStep?: (event: 'start' | 'end', step: PlanStep, report?: StepReport) => void
  /** A step found the question cannot be answered as asked (a name in two namespaces, or in none: exit 3), or the
   * configuration cannot work (a kube context the kubeconfig lacks, no kubeconfig: exit 2). The run ends with that,
   * not as a cloud failure. The first such step's. */
  refusal?: IntentRejectedError | UsageError
}

/** A fleet step's records and report name its target. */
const targetOf = (step: PlanStep) => (step.target ? { target: step.target } : {})
const reportBase = (step: PlanStep) => ({ id: step.id, action: step.action, ...targetOf(step) })

/** Record how a step ended: in the run's reports, then in the audit log, then to the caller. */
async function finishStep(run: StepRun, step: PlanStep, report: StepReport): Promise<void> {
  run.reports.set(step.id, report)
  const { status, duration_ms, items, error } = report
  await run.audit.append({
    run_id: run.runId,
    kind: 'step_finished',
    data: { step: step.id, action: step.action, status, duration_ms, items, error, ...targetOf(step) },
  })
  run.onStep?.('end', step, report)
}

/** A step that does not run still has its two records and a report saying why. */
export async function skipStep(run: StepRun, step: PlanStep, why: string): Promise<void> {
  await run.audit.append({
    run_id: run.runId,
    kind: 'step_started',
    data: { step: step.id, action: step.action, ...targetOf(step) },
  })
  await finishStep(run, step, {
    ...reportBase(step),
    status: 'skipped',
    duration_ms: 0,
    items: 0,
    error: why,
  })
}

async function recordStart(run: StepRun, step: PlanStep): Promise<void> {
  const known = hasAction(step.action) ? await loadAction(step.action) : undefined
  await run.audit.append({
    run_id: run.runId,
    kind: 'step_started',
    data: {
      step: step.id,
      action: step.action,
      risk: step.risk,
      params: step.params,
      region: step.region ?? null,
      // What the step reaches, not only what its params say ("*": every namespace).
      namespace: known ? (effectiveNamespace(known, step.params, run.environmentOf(step)) ?? null) : null,
      ...targetOf(step),
    },
  })
  run.onStep?.('start', step)
}

/** The action's output, its call bounded by the step's timeout and the run's signal. */
function runAction(run: StepRun, step: PlanStep, action: ActionDefinition, deadline: number): Promise<ActionOutput> {
  const { name, aws, kubernetes } = run.environmentOf(step)
  const inputs = Object.fromEntries((step.inputs ?? []).map((id) => [id, run.outputs.get(id) as ActionOutput]))
  return runWithTimeout(
    (signal) => {
      const ctx: ActionContext = {
        region: step.region,
        environment: { name, aws, kubernetes },
        inputs,
        signal,
        deadline,
        clients: run.clients,
      }
      return run.identity.around(action, ctx, () => action.execute(ctx, step.params))
    },
    run.stepTimeoutMs,
    run.signal,
  )
}

/** Run one step to its end; a failure is its report's, never thrown (other steps go on). */
export async function runStep(run: StepRun, step: PlanStep): Promise<void> {
  await recordStart(run, step)
  const started = monotonicMs()
  const took = () => Math.round(monotonicMs() - started)
  const deadline = Date.now() + run.stepTimeoutMs
  const base = reportBase(step)
  let action: ActionDefinition | undefined
  try {
    action = await loadAction(step.action)
    const output = await runAction(run, step, action, deadline)
    run.outputs.set(step.id, output)
    const notes = output.notes?.length ? { notes: output.notes } : {}
    await finishStep(run, step, {
      ...base,
      status: 'ok',
      duration_ms: took(),
      items: output.items.length,
      error: null,
      ...notes,
    })
  } catch (err) {
    if (err instanceof IntentRejectedError || err instanceof UsageError) run.refusal ??= err
    const error = describeStepFailure(err, action, run.environmentOf(step), run.signal)
    await finishStep(run, step, { ...base, status: 'failed', duration_ms: took(), items: 0, error })
  }
}
