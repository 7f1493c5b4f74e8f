// An action: one typed, deterministic SDK call (with complete pagination), with a fixed risk from this catalogue.
// Action modules never import an SDK at the top level: `import type` only, and `await import()` inside execute(),
// so that loading the catalogue (for plans, policy, `actions list`) costs nothing.
import type { RunClients } from '../clients/run-clients.js'
import type { CloudProvider } from '../intent/types.js'

export type Risk = 'read' | 'write' | 'delete'

/** A JSON Schema object; every action's params schema has additionalProperties: false. */
export type JsonSchema = Record<string, unknown>

export interface ActionContext {
  /** The step's region for AWS actions (from foreach: region), else undefined. */
  region?: string
  /** The resolved environment the plan targets. */
  environment: {
    name: string
    aws?: { profile?: string; regions: string[] }
    kubernetes?: { context?: string; namespace?: string }
  }
  /** Outputs of the steps named by the step's `input`, by step id (already region-matched). */
  inputs: Record<string, ActionOutput>
  /** Cancels the call on timeout or interrupt. */
  signal: AbortSignal
  /** When the step times out (epoch ms): retries never wait past it. */
  deadline?: number
  /** The run's SDK clients, kubeconfig and API call count, shared by its steps (see clients/run-clients.ts). */
  clients: RunClients
}

export interface ActionOutput<T = unknown> {
  items: T[]
  /** Things the action could not see (e.g. metrics API absent), said plainly in the report. */
  notes?: string[]
}

export interface ActionDefinition<P = Record<string, unknown>, T = unknown> {
  id: string
  provider: CloudProvider
  risk: Risk
  description: string
  /** JSON Schema for params (additionalProperties: false). */
  params: JsonSchema
  /** IAM actions (e.g. "ec2:DescribeSecurityGroups") or Kubernetes "verb resource" (e.g. "list pods"). */
  permissions: string[]
  /** Step ids' outputs this action consumes come from these actions (e.g. describe_instances for CPU metrics). */
  accepts_input_from?: string[]
  /** True when no shipped playbook uses it (e.g. sts.get_caller_identity, used for the audit actor). */
  building_block?: boolean
  execute(ctx: ActionContext, params: P): Promise<ActionOutput<T>>
}

/** How the catalogue loads an action: a lazy import, so no SDK is loaded before a step runs. */
export type ActionLoader = () => Promise<{ default: ActionDefinition }>
