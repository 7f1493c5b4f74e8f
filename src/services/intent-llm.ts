// The LLM path of `understand`, loaded only when a provider other than offline is chosen: settings, the cache, and
// the call itself (intent-llm-call.ts), which is made only on a miss.
import { join } from 'node:path'
import type { AuditSink } from '../audit/sink.js'
import { configDefaults } from '../config/defaults.js'
import { type CachedIntent, cacheKey, IntentCache } from '../intent/cache.js'
import { promptVersion } from '../intent/prompt.js'
import type { IntentUsage, PromptContext } from '../intent/providers/provider.js'
import { type LlmProvider, llmSettings, type Settings } from '../intent/providers/settings.js'
import { toolInputSchema } from '../intent/wire-schema.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import { callProvider } from './intent-llm-call.js'
import type { Sources } from './sources.js'

interface LlmAnswer {
  data: unknown
  notAccepted?: string
  model: string
  usage: IntentUsage
  cached: boolean
  /** Cache this answer: called once the gate has accepted it. */
  remember(): void
}

interface LlmRequest {
  question: string
  provider: LlmProvider
  model?: string
  noCache?: boolean
  environments: string[]
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

/** Where this question's answer is cached: the key covers everything that could change the answer. */
function cacheSlot(src: Sources, req: LlmRequest, settings: Settings, ctx: PromptContext) {
  const cache = new IntentCache(
    join(src.paths.cacheDir, 'intents'),
    (src.config.llm?.cache_ttl_hours ?? configDefaults['llm.cache_ttl_hours']) * 3600_000,
  )
  const key = cacheKey({
    provider: req.provider,
    model: settings.model,
    baseURL: settings.baseURL,
    promptVersion,
    schemaSha256: sha256Hex(canonicalJson(toolInputSchema())),
    contextSha256: sha256Hex(canonicalJson({ playbooks: ctx.playbooks, environments: ctx.environments })),
    question: req.question,
  })
  return { cache, key }
}

/** A cached answer was accepted once already and cost nothing this time. */
function fromCache(hit: CachedIntent): LlmAnswer {
  return {
    data: hit.data,
    model: hit.model,
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    cached: true,
    remember: () => {},
  }
}

export async function askProvider(
  src: Sources,
  req: LlmRequest,
  audit: { sink: AuditSink; runId: string },
): Promise<LlmAnswer> {
  const settings = llmSettings(req.provider, req.model, src.config.llm)
  const ctx = promptContext(src, req.question, req.environments)
  const { cache, key } = cacheSlot(src, req, settings, ctx)
  const hit = req.noCache ? undefined : cache.get(key)
  if (hit) return fromCache(hit)

  const { answer, usage } = await callProvider(src, req.provider, settings, ctx, audit)
  return {
    data: answer.data,
    ...(answer.notAccepted ? { notAccepted: answer.notAccepted } : {}),
    model: answer.model,
    usage,
    cached: false,
    remember: () => cache.put(key, { stored_at: new Date().toISOString(), model: answer.model, data: answer.data }),
  }
}
