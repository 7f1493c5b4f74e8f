// Where an LLM call goes and how it is bounded, per provider: the model (each provider has a cheap default), the base
// URL (config for the configured provider, else its own variable, else the public API), timeout and retries.
import type { LlmConfig, ProviderName } from '../../config/config.js'
import { configDefaults } from '../../config/defaults.js'
import { UsageError } from '../../errors.js'
import { isReasoningModel } from './provider.js'

export type LlmProvider = Exclude<ProviderName, 'offline'>

export interface Settings {
  label: string
  model: string
  /** For the SDK: undefined lets it read ANTHROPIC_BASE_URL / OPENAI_BASE_URL itself. */
  sdkBaseURL?: string
  /** Where the call goes, for messages and the cache key. */
  baseURL: string
  timeoutMs: number
  maxRetries: number
  maxOutputTokens: number
}

const defaults: Record<LlmProvider, { label: string; model?: string; baseURL?: string; envBase: string }> = {
  anthropic: {
    label: 'the Anthropic API',
    model: 'claude-haiku-4-5',
    baseURL: 'https://api.anthropic.com',
    envBase: 'ANTHROPIC_BASE_URL',
  },
  openai: {
    label: 'the OpenAI API',
    model: 'gpt-5-nano',
    baseURL: 'https://api.openai.com/v1',
    envBase: 'OPENAI_BASE_URL',
  },
  'openai-compatible': { label: 'the OpenAI-compatible server', envBase: 'OPENAI_BASE_URL' },
}

/** Retries after the first attempt, on 408/409/429/5xx and timeouts, with the SDKs' exponential backoff. */
const maxRetries = 2

export function llmSettings(
  provider: LlmProvider,
  modelFlag: string | undefined,
  llm: LlmConfig | undefined,
  env: Record<string, string | undefined> = process.env,
): Settings {
  const d = defaults[provider]
  // The configured model belongs to the configured provider; --provider something-else starts from its default.
  const configuredModel = !llm?.provider || llm.provider === provider ? llm?.model : undefined
  const model = modelFlag ?? configuredModel ?? d.model
  if (!model) {
    throw new UsageError(`${d.label} needs a model name`, {
      hint: 'Pass --model, or set llm.model in config (e.g. `cloudops config set llm.model llama3.1`).',
    })
  }
  // So does the configured base URL: an OpenAI-compatible server's /v1 is never sent Anthropic's paths.
  const configuredBase = !llm?.provider || llm.provider === provider ? llm?.base_url : undefined
  const baseURL = configuredBase ?? env[d.envBase] ?? d.baseURL
  if (!baseURL) {
    throw new UsageError(`${d.label} needs a base URL`, {
      hint: `Set llm.base_url in config (e.g. http://127.0.0.1:11434/v1), or export ${d.envBase}.`,
    })
  }
  const reasoning = provider === 'openai' && isReasoningModel(model)
  return {
    label: d.label,
    model,
    sdkBaseURL: configuredBase ?? (provider === 'openai-compatible' ? baseURL : undefined),
    baseURL,
    timeoutMs: (llm?.timeout_seconds ?? configDefaults['llm.timeout_seconds']) * 1000,
    maxRetries,
    maxOutputTokens: reasoning ? 2048 : 1024,
  }
}
