// Understanding a question: redact it, ask the chosen provider (or the offline parser), validate, gate, and pick the
// playbook. The LLM sees the question, the playbook catalogue and the environment names; nothing else, ever.
import type { AuditSink } from '../audit/sink.js'
import type { Config, ProviderName } from '../config/config.js'
import { gateIntent, type IntentVerdict } from '../intent/check.js'
import { type Candidate, parseOffline } from '../intent/offline.js'
import type { IntentUsage } from '../intent/providers/provider.js'
import type { Intent } from '../intent/types.js'
import { matchPlaybook, servingPlaybooks } from '../planner/match.js'
import { redactAndCap } from '../redact.js'
import { environmentNames, type Sources } from './sources.js'

export interface IntentRequest {
  question: string
  provider?: ProviderName
  model?: string
  minConfidence?: number
  noCache?: boolean
}

export interface IntentResult {
  question: string
  intent: Intent | null
  verdict: IntentVerdict
  playbook: string | null
  provider: ProviderName
  model: string
  usage: IntentUsage
  candidates: Candidate[]
  cached: boolean
  /** True when no provider was asked for and no key found: the offline parser was chosen by default. */
  defaultedToOffline: boolean
}

export function chooseProvider(flag: ProviderName | undefined, config: Config, env = process.env): ProviderName {
  if (flag) return flag
  if (config.llm?.provider) return config.llm.provider
  if (env.ANTHROPIC_API_KEY) return 'anthropic'
  if (env.OPENAI_API_KEY) return 'openai'
  return 'offline'
}

const noUsage: IntentUsage = { input_tokens: 0, output_tokens: 0, cost_usd: 0 }

export async function understand(
  src: Sources,
  req: IntentRequest,
  audit: { sink: AuditSink; runId: string },
): Promise<IntentResult> {
  const question = redactAndCap(req.question)
  const provider = chooseProvider(req.provider, src.config)
  const environments = environmentNames(src.config)
  const minConfidence = req.minConfidence ?? src.config.llm?.min_confidence ?? 0.8
  let data: unknown
  let model = 'offline'
  let usage = noUsage
  let candidates: Candidate[] = []
  let cached = false
  let notAccepted: string | undefined
  let remember = () => {}
  if (provider === 'offline') {
    const parsed = parseOffline(question, src.playbooks, environments)
    data = parsed.intent
    candidates = parsed.candidates
  } else {
    const { askProvider } = await import('./intent-llm.js')
    const answer = await askProvider(src, { ...req, provider, question, environments }, audit)
    data = answer.data
    notAccepted = answer.notAccepted
    model = answer.model
    usage = answer.usage
    cached = answer.cached
    remember = answer.remember
  }
  const verdict: IntentVerdict = notAccepted
    ? { accepted: false, intent: null, reason: notAccepted }
    : gateIntent(data, { playbooks: src.playbooks, environments, minConfidence })
  if (verdict.accepted) remember()
  // An LLM's low-confidence answer still names a type of thing: offer the playbooks that serve it.
  if (!verdict.accepted && provider !== 'offline' && verdict.intent) {
    const confidence = verdict.intent.confidence
    candidates = servingPlaybooks(src.playbooks, verdict.intent).map((p) => ({
      playbook: p.playbook.metadata.name,
      score: confidence,
    }))
  }
  const playbook = verdict.accepted
    ? (matchPlaybook(src.playbooks, verdict.intent, question)?.playbook.metadata.name ?? null)
    : null
  await audit.sink.append({
    run_id: audit.runId,
    kind: verdict.accepted ? 'intent_parsed' : 'intent_rejected',
    data: {
      question,
      provider,
      model,
      cached,
      usage,
      intent: verdict.intent,
      accepted: verdict.accepted,
      playbook,
      ...(verdict.accepted ? {} : { reason: verdict.reason }),
    },
  })
  return {
    question,
    intent: verdict.intent,
    verdict,
    playbook,
    provider,
    model,
    usage,
    candidates,
    cached,
    defaultedToOffline: provider === 'offline' && !req.provider && !src.config.llm?.provider,
  }
}
