// An analyzer: a pure function from step outputs (and reference data passed in) to findings. No I/O, no clock,
// no randomness.
import type { ActionOutput, JsonSchema } from '../actions/types.js'
import type { EbsPrices } from './ebs-prices.js'
import type { AwsResourceType, KubernetesResourceType } from './resource-types.js'

export const findingSeverities = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof findingSeverities)[number]

interface ResourceLocation {
  /** The provider's own id: sg-..., i-..., vol-..., a service name for cost, namespace/name, or the node name. */
  id: string
  region?: string
  namespace?: string
}

/** The resource a finding is about; its `type` is one its provider has (see resource-types.ts). */
export type FindingResource =
  | ({ provider: 'kubernetes'; type: KubernetesResourceType } & ResourceLocation)
  | ({ provider: 'aws'; type: AwsResourceType } & ResourceLocation)

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
  /** In a fleet run, the target it was found on (set by the engine; analyzers never see targets). */
  target?: string
}

/** Step outputs by input name; `undefined` where the steps bound to it all failed. */
export type AnalyzerInputs = Record<string, ActionOutput | undefined>

/** Reference data analyzers read but must not load themselves (they do no I/O): the engine loads and passes it. */
export interface AnalyzerContext {
  ebsPrices: EbsPrices
}

/** `with` options as a plan carries them: checked against the analyzer's `with` schema by the planner. */
type AnalyzerOptions = Record<string, unknown>

export interface AnalyzerDefinition<Options extends object> {
  id: string
  description: string
  /** Input names the analyzer reads (bound to step ids by the playbook's `analyze[].inputs`). */
  inputs: { name: string; from: string[]; optional?: boolean }[]
  /** JSON Schema for `with` options (additionalProperties: false). */
  with: JsonSchema
  analyze(inputs: AnalyzerInputs, options: Options, context: AnalyzerContext): Finding[]
}

/** An analyzer whatever its options type, as the registry keeps it (see `erase` in define.ts). */
export type Analyzer = AnalyzerDefinition<AnalyzerOptions>
