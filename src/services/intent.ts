// Understanding a question: redact it, ask the chosen provider (or the offline parser), validate, gate, and pick the
// playbook. The LLM sees the question, the playbook catalogue and the environment names; nothing else, ever.
import type { AuditSink } from '../audit/sink.js'
import type { ProviderName } from '../config/config.js'
import { gateIntent, type IntentVerdict } from '../intent/check.js'
import { type Candidate, parseOffline } from '../intent/offline.js'
import { providerChoice, providerNotice } from '../intent/provider-choice.js'
import type { IntentUsage } from '../intent/providers/provider.js'
import type { IntentResult } from '../intent/result.js'
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

const noUsage: IntentUsage = { input_tokens: 0, output_tokens: 0, cost_usd: 0 }

export async function understand(
  src: Sources,
  req: IntentRequest,
  audit: { sink: AuditSink; runId: string },
): Promise<IntentResult> {
  const question = redactAndCap(req.question)
  const choice = providerChoice(req.provider, src.config)
  const provider = choice.provider
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
    : gateIntent(data, {
        playbooks: src.playbooks,
        serves: (i) => servingPlaybooks(src.playbooks, i).length > 0,
        environments,
        minConfidence,
        question,
      })
  if (verdict.accepted) remember()
  // An environment that is not configured is not a choice between playbooks: offer none (ask would otherwise let a
  // person pick one and go on with the misspelt environment).
  if (!verdict.accepted && verdict.unknownEnvironment) candidates = []
  // An LLM's low-confidence answer still names a type of thing: offer the playbooks that serve it.
  if (!verdict.accepted && !verdict.unknownEnvironment && provider !== 'offline' && verdict.intent) {
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
    defaultedToOffline: choice.source === 'none',
    providerNotice: providerNotice(choice, src.paths.configFile),
  }
}
