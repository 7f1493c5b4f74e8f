// The LLM path of `understand`, loaded only when a provider other than offline is chosen: settings, cache, token
// budget, the call itself, and an llm_call audit record for every call made, whether it succeeded or not.
import { join } from 'node:path'
import type { AuditSink } from '../audit/sink.js'
import { RuntimeError } from '../errors.js'
import { cacheKey, IntentCache } from '../intent/cache.js'
import { resolveApiKey } from '../intent/llm-key.js'
import { estimateCost } from '../intent/pricing.js'
import { buildPrompt, promptVersion } from '../intent/prompt.js'
import { providerFailure } from '../intent/providers/failure.js'
import type { IntentProvider, IntentUsage, PromptContext, ProviderOptions } from '../intent/providers/provider.js'
import { type LlmProvider, llmSettings, type Settings } from '../intent/providers/settings.js'
import { toolInputSchema } from '../intent/wire-schema.js'
import { redact } from '../redact.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import type { Sources } from './sources.js'

export interface LlmAnswer {
  data: unknown
  notAccepted?: string
  model: string
  usage: IntentUsage
  cached: boolean
  /** Cache this answer: called once the gate has accepted it. */
  remember(): void
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
