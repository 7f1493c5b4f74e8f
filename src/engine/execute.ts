// The executor: runs a plan's steps in dependency order, a bounded number at a time, each with a timeout. A step
// starts only after its audit record is written (fail closed). A failed step never stops independent ones; the
// steps that consume its output are skipped, and the report says so.
import type { ActionOutput } from '../actions/types.js'
import { type AuditSink, learnActor } from '../audit/sink.js'
import { type LearnedIdentity, runIdentity } from '../clients/identity.js'
import { createRunClients } from '../clients/run-clients.js'
import type { IntentRejectedError, UsageError } from '../errors.js'
import { stepEnvironment } from '../planner/policy-steps.js'
import type { Plan, PlanStep } from '../planner/types.js'
import type { StepReport } from '../report/types.js'
import { runStep, type StepRun, skipStep } from './run-step.js'
import { schedule } from './schedule.js'

interface ExecuteOptions {
  plan: Plan
  runId: string
  audit: AuditSink
  concurrency: number
  /** A fleet run's bound per target (`concurrency` is then the bound across the fleet). */
  perTarget?: number
  stepTimeoutMs: number
  /** Optional steps the person declined at the approval prompt: skipped, and so are the steps that need them. */
  declined?: readonly string[]
  /** Called as each step starts and ends (progress on a terminal). */
  onStep?: (event: 'start' | 'end', step: PlanStep, report?: StepReport) => void
  signal?: AbortSignal
}

export interface Execution {
  steps: StepReport[]
  outputs: Map<string, ActionOutput>
  apiCalls: number
  /** In a fleet run, who each profile and context turned out to be (empty otherwise: the audit actor has it). */
  identities: LearnedIdentity[]
  /** Set when a step asked the person to say more, or found the configuration cannot work (see StepRun.refusal). */
  refusal?: IntentRejectedError | UsageError
}

export async function executePlan(opts: ExecuteOptions): Promise<Execution> {
  const { plan, runId } = opts
  const identities: LearnedIdentity[] = []
  const environmentOf = (step: PlanStep) => stepEnvironment(plan, step)
  const run: StepRun = {
    runId,
    audit: opts.audit,
    environmentOf,
    stepTimeoutMs: opts.stepTimeoutMs,
    signal: opts.signal,
    // One set of SDK clients, one kubeconfig and one API call count for the whole run.
    clients: createRunClients(),
    // The audit actor gains aws_arn / kube_user as soon as the run knows them; a fleet reaches several of each, so
    // they are kept per target for the report and run_finished instead.
    identity: runIdentity({ steps: plan.steps, environmentOf }, (fields, where) =>
      plan.targets ? identities.push({ where, fields }) : learnActor(runId, fields),
    ),
    outputs: new Map(),
    reports: new Map(),
    onStep: opts.onStep,
  }
  await schedule(
    plan.steps,
    { ...opts, perGroup: plan.targets ? opts.perTarget : undefined },
    {
      status: (id) => run.reports.get(id)?.status,
      run: (step) =>
        opts.declined?.includes(step.id)
          ? skipStep(run, step, 'skipped: declined at the approval prompt')
          : runStep(run, step),
      skip: (step, why) => skipStep(run, step, why),
    },
  )
  return {
    steps: plan.steps.map((s) => run.reports.get(s.id) as StepReport),
    outputs: run.outputs,
    apiCalls: run.clients.metrics.apiCalls,
    identities,
    ...(run.refusal ? { refusal: run.refusal } : {}),
  }
}
