// Understanding a question: redact it, ask the chosen provider (or the offline parser), validate, gate, and pick the
// playbook. The LLM sees the question, the playbook catalogue and the environment names; nothing else, ever.
import type { AuditSink } from '../audit/sink.js'
import type { ProviderName } from '../config/config.js'
import { configDefaults } from '../config/defaults.js'
import { gateIntent, type IntentVerdict } from '../intent/check.js'
import { type Candidate, parseOffline } from '../intent/offline.js'
import { providerChoice, providerNotice } from '../intent/provider-choice.js'
import type { IntentUsage } from '../intent/providers/provider.js'
import type { IntentResult } from '../intent/result.js'
import { matchPlaybook, servingPlaybooks } from '../planner/match.js'
import { redactAndCap } from '../redact.js'
import { environmentNames, type Sources } from './sources.js'

interface IntentRequest {
  question: string
  provider?: ProviderName
  model?: string
  minConfidence?: number
  noCache?: boolean
}

const noUsage: IntentUsage = { input_tokens: 0, output_tokens: 0, cost_usd: 0 }

/** What the provider (or the offline parser) made of the question, before the gate. */
interface Answer {
  data: unknown
  notAccepted?: string
  model: string
  usage: IntentUsage
  candidates: Candidate[]
  cached: boolean
  remember(): void
}

async function ask(
  src: Sources,
  req: IntentRequest,
  asked: { question: string; provider: ProviderName; environments: string[] },
  audit: { sink: AuditSink; runId: string },
): Promise<Answer> {
  const { question, provider, environments } = asked
  if (provider === 'offline') {
    const parsed = parseOffline(question, src.playbooks, environments)
    return {
      data: parsed.intent,
      model: 'offline',
      usage: noUsage,
      candidates: parsed.candidates,
      cached: false,
      remember: () => {},
    }
  }
  const { askProvider } = await import('./intent-llm.js')
  const answer = await askProvider(src, { ...req, provider, question, environments }, audit)
  return { ...answer, candidates: [] }
}

/** The playbooks to offer a person choosing when the intent was not accepted. */
function candidatesFor(src: Sources, verdict: IntentVerdict, provider: ProviderName, parsed: Candidate[]): Candidate[] {
  if (verdict.accepted) return parsed
  // An environment that is not configured is not a choice between playbooks: offer none (ask would otherwise let a
  // person pick one and go on with the misspelt environment).
  if (verdict.unknownEnvironment) return []
  // An LLM's low-confidence answer still names a type of thing: offer the playbooks that serve it.
  if (provider !== 'offline' && verdict.intent) {
    const confidence = verdict.intent.confidence
    return servingPlaybooks(src.playbooks, verdict.intent).map((p) => ({
      playbook: p.playbook.metadata.name,
      score: confidence,
    }))
  }
  return parsed
}

/** The gate's verdict; a provider's refusal to answer is a rejection before any check. */
function judge(
  src: Sources,
  answer: Answer,
  asked: { question: string; environments: string[] },
  minConfidence: number,
): IntentVerdict {
  if (answer.notAccepted) return { accepted: false, intent: null, reason: answer.notAccepted }
  return gateIntent(answer.data, {
    playbooks: src.playbooks,
    serves: (i) => servingPlaybooks(src.playbooks, i).length > 0,
    environments: asked.environments,
    minConfidence,
    question: asked.question,
  })
}

export async function understand(
  src: Sources,
  req: IntentRequest,
  audit: { sink: AuditSink; runId: string },
): Promise<IntentResult> {
  const question = redactAndCap(req.question)
  const choice = providerChoice(req.provider, src.config)
  const provider = choice.provider
  const environments = environmentNames(src.config)
  const minConfidence = req.minConfidence ?? src.config.llm?.min_confidence ?? configDefaults['llm.min_confidence']
  const answer = await ask(src, req, { question, provider, environments }, audit)
  const verdict = judge(src, answer, { question, environments }, minConfidence)
  if (verdict.accepted) answer.remember()
  const { model, usage, cached } = answer
  const candidates = candidatesFor(src, verdict, provider, answer.candidates)
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
