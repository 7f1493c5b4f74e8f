// One interface for every way of turning a question into an intent. An LLM's answer is data to be validated,
// never trusted: the caller runs it through the schema and the gate whatever the provider says.
import type { ProviderName } from '../../config/config.js'

export interface IntentUsage {
  input_tokens: number
  output_tokens: number
  cost_usd: number
}

interface TokenCount {
  input_tokens: number
  output_tokens: number
}

export interface ProviderAnswer {
  /** The raw object the provider produced: unvalidated. Null when it produced none (see notAccepted). */
  data: unknown
  /** Why the answer cannot be used (a refusal, a truncated answer, prose instead of JSON). */
  notAccepted?: string
  /** The model that answered, as the provider names it. */
  model: string
  tokens: TokenCount
}

export interface PromptContext {
  question: string
  playbooks: { name: string; description: string; intent_types: string[]; resource_types: string[]; goals: string[] }[]
  environments: string[]
}

export interface ProviderOptions {
  apiKey: string
  model: string
  /** Undefined: the SDK's own default, which honours ANTHROPIC_BASE_URL / OPENAI_BASE_URL. */
  baseURL?: string
  timeoutMs: number
  maxRetries: number
  maxOutputTokens: number
}

export interface IntentProvider {
  name: Exclude<ProviderName, 'offline'>
  parse(ctx: PromptContext): Promise<ProviderAnswer>
}

/** OpenAI reasoning models spend output tokens thinking and take reasoning_effort instead of temperature. */
export function isReasoningModel(model: string): boolean {
  return /^(gpt-5|o\d)/.test(model)
}
