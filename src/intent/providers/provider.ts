// One interface for every way of turning a question into an intent. An LLM's answer is data to be validated,
// never trusted: the caller runs it through the schema and the gate whatever the provider says.
import type { ProviderName } from '../../config/config.js'

export interface IntentUsage {
  input_tokens: number
  output_tokens: number
  cost_usd: number
}

export interface ProviderAnswer {
  /** The raw object the provider produced: unvalidated. */
  data: unknown
  model: string
  usage: IntentUsage
}

export interface PromptContext {
  question: string
  playbooks: { name: string; description: string; intent_types: string[]; resource_types: string[]; goals: string[] }[]
  environments: string[]
}

export interface IntentProvider {
  name: ProviderName
  model: string
  parse(ctx: PromptContext, signal?: AbortSignal): Promise<ProviderAnswer>
}
