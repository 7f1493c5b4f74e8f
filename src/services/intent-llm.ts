// The LLM path of `understand`, loaded only when a provider other than offline is chosen: settings, cache, token
// budget, the call itself, and an llm_call audit record for every call made, whether it succeeded or not.
import { join } from 'node:path'
import type { AuditSink } from '../audit/sink.js'
import type { LlmConfig, ProviderName } from '../config/config.js'
import { RuntimeError, UsageError } from '../errors.js'
import { cacheKey, IntentCache } from '../intent/cache.js'
import { resolveApiKey } from '../intent/llm-key.js'
import { estimateCost } from '../intent/pricing.js'
import { buildPrompt, promptVersion } from '../intent/prompt.js'
import { providerFailure } from '../intent/providers/failure.js'
import {
  type IntentProvider,
  type IntentUsage,
  isReasoningModel,
  type PromptContext,
  type ProviderOptions,
} from '../intent/providers/provider.js'
import { toolInputSchema } from '../intent/wire-schema.js'
import { redact } from '../redact.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import type { Sources } from './sources.js'

type LlmProvider = Exclude<ProviderName, 'offline'>

export interface LlmAnswer {
  data: unknown
  notAccepted?: string
  model: string
  usage: IntentUsage
  cached: boolean
  /** Cache this answer: called once the gate has accepted it. */
  remember(): void
}

interface Settings {
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
  const baseURL = llm?.base_url ?? env[d.envBase] ?? d.baseURL
  if (!baseURL) {
    throw new UsageError(`${d.label} needs a base URL`, {
      hint: `Set llm.base_url in config (e.g. http://127.0.0.1:11434/v1), or export ${d.envBase}.`,
    })
  }
  const reasoning = provider === 'openai' && isReasoningModel(model)
  return {
    label: d.label,
    model,
    sdkBaseURL: llm?.base_url ?? (provider === 'openai-compatible' ? baseURL : undefined),
    baseURL,
    timeoutMs: (llm?.timeout_seconds ?? 30) * 1000,
    maxRetries,
    maxOutputTokens: reasoning ? 2048 : 1024,
  }
}

export function promptContext(src: Sources, question: string, environments: string[]): PromptContext {
  return {
    question,
    environments,
    playbooks: src.playbooks.map((p) => ({
      name: p.playbook.metadata.name,
      description: p.playbook.metadata.description,
      intent_types: [...p.playbook.match.intent_types],
      resource_types: [...p.playbook.match.resource_types],
      goals: [...(p.playbook.match.goals ?? [])],
    })),
  }
}

/** A rough upper bound (3 characters a token) for the budget check; the provider's count is what gets recorded. */
function estimateInputTokens(ctx: PromptContext): number {
  const p = buildPrompt(ctx)
  return Math.ceil((p.system.length + p.user.length + JSON.stringify(toolInputSchema()).length) / 3)
}

function outputAllowance(settings: Settings, ctx: PromptContext, budget: number | undefined): number {
  if (budget === undefined) return settings.maxOutputTokens
  const input = estimateInputTokens(ctx)
  const left = budget - input
  if (left < 256) {
    throw new RuntimeError(
      `the LLM token budget (llm.max_tokens_per_run = ${budget}) is too small: this prompt alone is about ${input} tokens`,
      { hint: 'Raise llm.max_tokens_per_run, or use --provider offline.' },
    )
  }
  return Math.min(settings.maxOutputTokens, left)
}

async function loadProvider(provider: LlmProvider, opts: ProviderOptions): Promise<IntentProvider> {
  if (provider === 'anthropic') return (await import('../intent/providers/anthropic.js')).anthropicProvider(opts)
  const { openaiProvider } = await import('../intent/providers/openai.js')
  return openaiProvider({ ...opts, compatible: provider === 'openai-compatible' })
}

export async function askProvider(
  src: Sources,
  req: { question: string; provider: LlmProvider; model?: string; noCache?: boolean; environments: string[] },
  audit: { sink: AuditSink; runId: string },
): Promise<LlmAnswer> {
  const settings = llmSettings(req.provider, req.model, src.config.llm)
  const ctx = promptContext(src, req.question, req.environments)
  const cache = new IntentCache(join(src.paths.cacheDir, 'intents'), (src.config.llm?.cache_ttl_hours ?? 24) * 3600_000)
  const key = cacheKey({
    provider: req.provider,
    model: settings.model,
    baseURL: settings.baseURL,
    promptVersion,
    schemaSha256: sha256Hex(canonicalJson(toolInputSchema())),
    contextSha256: sha256Hex(canonicalJson({ playbooks: ctx.playbooks, environments: ctx.environments })),
    question: req.question,
  })
  const hit = req.noCache ? undefined : cache.get(key)
  if (hit) {
    return {
      data: hit.data,
      model: hit.model,
      usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
      cached: true,
      remember: () => {},
    }
  }

  const maxOutputTokens = outputAllowance(settings, ctx, src.config.llm?.max_tokens_per_run)
  const apiKey = resolveApiKey(req.provider, src.config.llm)
  const provider = await loadProvider(req.provider, {
    apiKey: apiKey.key,
    model: settings.model,
    baseURL: settings.sdkBaseURL,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    maxOutputTokens,
  })
  const started = Date.now()
  const record = (data: Record<string, unknown>) =>
    audit.sink.append({
      run_id: audit.runId,
      kind: 'llm_call',
      data: {
        provider: req.provider,
        model: settings.model,
        base_url: redact(settings.baseURL),
        prompt_version: promptVersion,
        duration_ms: Date.now() - started,
        ...data,
      },
    })

  let answer: Awaited<ReturnType<IntentProvider['parse']>>
  try {
    answer = await provider.parse(ctx)
  } catch (err) {
    const failure = providerFailure(err, {
      label: settings.label,
      keySource: apiKey.source,
      baseURL: settings.baseURL,
      timeoutMs: settings.timeoutMs,
      attempts: settings.maxRetries + 1,
    })
    await record({ outcome: 'failed', error: failure.message })
    throw failure
  }
  const cost = estimateCost(req.provider, answer.model, answer.tokens)
  const usage: IntentUsage = { ...answer.tokens, cost_usd: cost ?? 0 }
  await record({
    outcome: answer.notAccepted ? 'not_accepted' : 'answered',
    answered_by: answer.model,
    ...usage,
    priced: cost !== undefined,
    ...(answer.notAccepted ? { reason: answer.notAccepted } : {}),
  })
  return {
    data: answer.data,
    ...(answer.notAccepted ? { notAccepted: answer.notAccepted } : {}),
    model: answer.model,
    usage,
    cached: false,
    remember: () => cache.put(key, { stored_at: new Date().toISOString(), model: answer.model, data: answer.data }),
  }
}
