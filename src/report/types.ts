// The run report of CONTRACTS.md (`ask`, `run`, `apply` with --json).
import type { Finding, Severity } from '../analyzers/types.js'
import type { Plan } from '../planner/types.js'

export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'denied' | 'dry_run' | 'cancelled'
type StepStatus = 'ok' | 'failed' | 'skipped' | 'denied'

export interface StepReport {
  id: string
  action: string
  status: StepStatus
  duration_ms: number
  items: number
  error: string | null
  notes?: string[]
  /** In a fleet run, the target the step reached. */
  target?: string
}

/** How one target of a fleet run ended, and who its credentials were. */
export interface TargetReport {
  id: string
  env: string
  account: string | null
  region: string | null
  context: string | null
  status: RunStatus
  aws_arn?: string
  kube_user?: string
}

export interface LlmUsage {
  provider: string
  model: string
  input_tokens: number
  output_tokens: number
  cost_usd: number
}

export interface RunReport {
  run_id: string
  plan: Plan
  status: RunStatus
  /** Only in a fleet run: every target and how it ended. */
  targets?: TargetReport[]
  steps: StepReport[]
  findings: Finding[]
  summary: {
    findings_by_severity: Partial<Record<Severity, number>>
    api_calls: number
    duration_ms: number
  }
  llm: LlmUsage | null
}
