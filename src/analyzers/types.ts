// An analyzer: a pure function from step outputs to findings. No I/O, no clock, no randomness.
import type { ActionOutput, JsonSchema } from '../actions/types.js'
import type { CloudProvider } from '../intent/types.js'

export const findingSeverities = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof findingSeverities)[number]

export interface FindingResource {
  provider: CloudProvider
  type: string
  /** The provider's own id: sg-..., i-..., vol-..., a service name for cost, namespace/name, or the node name. */
  id: string
  region?: string
  namespace?: string
}

export interface Finding {
  /** Stable for the same resource and problem: `<analyzer>:<resource id>[:<detail>]`. */
  id: string
  severity: Severity
  title: string
  resource: FindingResource
  /** The exact fields that triggered the finding. Never secrets. */
  evidence: Record<string, unknown>
  /** Text for a person; never executed. */
  recommendation: string
}

export interface AnalyzerDefinition<W = Record<string, unknown>> {
  id: string
  description: string
  /** Input names the analyzer reads (bound to step ids by the playbook's `analyze[].inputs`). */
  inputs: { name: string; from: string[]; optional?: boolean }[]
  /** JSON Schema for `with` options (additionalProperties: false). */
  with: JsonSchema
  analyze(inputs: Record<string, ActionOutput | undefined>, options: W): Finding[]
}
