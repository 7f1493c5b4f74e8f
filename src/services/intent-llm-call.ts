// One call to an LLM provider: bounded by the run's token budget, with its key resolved and its SDK loaded only now,
// and an llm_call audit record written whether the call succeeded or not.
import type { AuditSink } from '../audit/sink.js'
import { RuntimeError } from '../errors.js'
import { resolveApiKey } from '../intent/llm-key.js'
import { estimateCost } from '../intent/pricing.js'
import { buildPrompt, promptVersion } from '../intent/prompt.js'
import { providerFailure } from '../intent/providers/failure.js'
import type {
  IntentProvider,
  IntentUsage,
  PromptContext,
  ProviderAnswer,
  ProviderOptions,
} from '../intent/providers/provider.js'
import type { LlmProvider, Settings } from '../intent/providers/settings.js'
import { toolInputSchema } from '../intent/wire-schema.js'
import { redact } from '../redact.js'
import type { Sources } from './sources.js'

interface ProviderCall {
  answer: ProviderAnswer
  usage: IntentUsage
}

type AuditTarget = { sink: AuditSink; runId: string }

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

/** Writes llm_call records for one call; the duration counts from the moment the recorder is made. */
function llmCallRecorder(audit: AuditTarget, provider: LlmProvider, settings: Settings) {
  const started = Date.now()
  return (data: Record<string, unknown>) =>
    audit.sink.append({
      run_id: audit.runId,
      kind: 'llm_call',
      data: {
        provider,
        model: settings.model,
        base_url: redact(settings.baseURL),
        prompt_version: promptVersion,
        duration_ms: Date.now() - started,
        ...data,
      },
    })
}

export async function callProvider(
  src: Sources,
  provider: LlmProvider,
  settings: Settings,
  ctx: PromptContext,
  audit: AuditTarget,
): Promise<ProviderCall> {
  const maxOutputTokens = outputAllowance(settings, ctx, src.config.llm?.max_tokens_per_run)
  const apiKey = resolveApiKey(provider, src.config.llm)
  const client = await loadProvider(provider, {
    apiKey: apiKey.key,
    model: settings.model,
    baseURL: settings.sdkBaseURL,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    maxOutputTokens,
  })
  const record = llmCallRecorder(audit, provider, settings)
  let answer: ProviderAnswer
  try {
    answer = await client.parse(ctx)
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
  const cost = estimateCost(provider, answer.model, answer.tokens)
  const usage: IntentUsage = { ...answer.tokens, cost_usd: cost ?? 0 }
  await record({
    outcome: answer.notAccepted ? 'not_accepted' : 'answered',
    answered_by: answer.model,
    ...usage,
    priced: cost !== undefined,
    ...(answer.notAccepted ? { reason: answer.notAccepted } : {}),
  })
  return { answer, usage }
}
