// The executor: runs a plan's steps in dependency order, a bounded number at a time, each with a timeout. A step
// starts only after its audit record is written (fail closed). A failed step never stops independent ones; the
// steps that consume its output are skipped, and the report says so.
import { hasAction, loadAction } from '../actions/registry.js'
import type { ActionContext, ActionDefinition, ActionOutput } from '../actions/types.js'
import { type AuditSink, learnActor } from '../audit/sink.js'
import { untilCancelled } from '../cancel.js'
import { runIdentity } from '../clients/identity.js'
import { effectiveNamespace } from '../planner/policy-steps.js'
import type { Plan, PlanStep } from '../planner/types.js'
import type { StepReport } from '../report/types.js'
import { describeStepError } from './step-error.js'

export interface ExecuteOptions {
  plan: Plan
  runId: string
  audit: AuditSink
  concurrency: number
  stepTimeoutMs: number
  /** Called as each step starts and ends (progress on a terminal). */
  onStep?: (event: 'start' | 'end', step: PlanStep, report?: StepReport) => void
  signal?: AbortSignal
}

export interface Execution {
  steps: StepReport[]
  outputs: Map<string, ActionOutput>
  apiCalls: number
}

class StepTimeout extends Error {
  override name = 'TimeoutError'
}

async function runWithTimeout<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number, outer?: AbortSignal): Promise<T> {
  const controller = new AbortController()
  const onAbort = () => controller.abort(outer?.reason)
  outer?.addEventListener('abort', onAbort, { once: true })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new StepTimeout(`timed out after ${Math.round(ms / 1000)}s`)
      controller.abort(err)
      reject(err)
    }, ms)
  })
  try {
    // A cancelled run does not wait for a call that ignores its signal.
    return await untilCancelled(Promise.race([fn(controller.signal), timeout]), outer)
  } finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', onAbort)
  }
}

const cancelledBeforeStart = (step: PlanStep): StepReport => ({
  id: step.id,
  action: step.action,
  status: 'skipped',
  duration_ms: 0,
  items: 0,
  error: 'skipped: the run was cancelled before it started',
})

export async function executePlan(opts: ExecuteOptions): Promise<Execution> {
  const { plan, audit, runId } = opts
  const metrics = { apiCalls: 0 }
  const outputs = new Map<string, ActionOutput>()
  const reports = new Map<string, StepReport>()
  const pending = new Map(plan.steps.map((s) => [s.id, s]))
  const running = new Map<string, Promise<void>>()
  const env = plan.environment
  // The audit actor gains aws_arn / kube_user as soon as the run knows them.
  const identity = runIdentity(plan, (fields) => learnActor(runId, fields))

  const finish = async (step: PlanStep, report: StepReport) => {
    reports.set(step.id, report)
    await audit.append({
      run_id: runId,
      kind: 'step_finished',
      data: {
        step: step.id,
        action: step.action,
        status: report.status,
        duration_ms: report.duration_ms,
        items: report.items,
        error: report.error,
      },
    })
    opts.onStep?.('end', step, report)
  }

  const runStep = async (step: PlanStep) => {
    const known = hasAction(step.action) ? await loadAction(step.action) : undefined
    await audit.append({
      run_id: runId,
      kind: 'step_started',
      data: {
        step: step.id,
        action: step.action,
        risk: step.risk,
        params: step.params,
        region: step.region ?? null,
        // What the step reaches, not only what its params say ("*": every namespace).
        namespace: known ? (effectiveNamespace(known, step.params, env) ?? null) : null,
      },
    })
    opts.onStep?.('start', step)
    const started = performance.now()
    const deadline = Date.now() + opts.stepTimeoutMs
    let action: ActionDefinition | undefined
    try {
      action = await loadAction(step.action)
      const inputs = Object.fromEntries((step.inputs ?? []).map((id) => [id, outputs.get(id) as ActionOutput]))
      const output = await runWithTimeout(
        (signal) => {
          const ctx: ActionContext = {
            region: step.region,
            environment: { name: env.name, aws: env.aws, kubernetes: env.kubernetes },
            inputs,
            signal,
            deadline,
            metrics,
          }
          const act = action as ActionDefinition
          return identity.around(act, ctx, () => act.execute(ctx, step.params))
        },
        opts.stepTimeoutMs,
        opts.signal,
      )
      outputs.set(step.id, output)
      await finish(step, {
        id: step.id,
        action: step.action,
        status: 'ok',
        duration_ms: Math.round(performance.now() - started),
        items: output.items.length,
        error: null,
        ...(output.notes?.length ? { notes: output.notes } : {}),
      })
    } catch (err) {
      await finish(step, {
        id: step.id,
        action: step.action,
        status: 'failed',
        duration_ms: Math.round(performance.now() - started),
        items: 0,
        error: opts.signal?.aborted ? 'cancelled: the call was aborted' : describeStepError(err, action, env),
      })
    }
  }

  while (pending.size || running.size) {
    for (const step of [...pending.values()]) {
      if (opts.signal?.aborted) {
        pending.delete(step.id)
        await audit.append({ run_id: runId, kind: 'step_started', data: { step: step.id, action: step.action } })
        await finish(step, cancelledBeforeStart(step))
        continue
      }
      if (running.size >= opts.concurrency) break
      const inputs = step.inputs ?? []
      if (!inputs.every((id) => reports.has(id))) continue
      pending.delete(step.id)
      const broken = inputs.find((id) => reports.get(id)?.status !== 'ok')
      if (broken) {
        await audit.append({ run_id: runId, kind: 'step_started', data: { step: step.id, action: step.action } })
        await finish(step, {
          id: step.id,
          action: step.action,
          status: 'skipped',
          duration_ms: 0,
          items: 0,
          error: `skipped: its input ${broken} did not succeed`,
        })
        continue
      }
      const p = runStep(step).finally(() => running.delete(step.id))
      running.set(step.id, p)
    }
    if (running.size) await Promise.race(running.values())
    else if (pending.size) throw new Error(`steps wait on inputs that never run: ${[...pending.keys()].join(', ')}`)
  }
  return { steps: plan.steps.map((s) => reports.get(s.id) as StepReport), outputs, apiCalls: metrics.apiCalls }
}
