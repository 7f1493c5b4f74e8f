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
  /** One line for a person when the choice of provider may surprise them (never a key, only its variable). */
  providerNotice?: string
}

type Env = Record<string, string | undefined>

export interface ProviderChoice {
  provider: ProviderName
  /**
   * Why: `flag` (--provider or CLOUDOPS_PROVIDER), `config` (llm.provider), `key` (an exported key, with no
   * llm.provider), or `none` (no key and no llm.provider: the offline parser).
   */
  source: 'flag' | 'config' | 'key' | 'none'
  /** The key variable that chose the provider (source `key`). */
  keyVariable?: string
  /** Key variables that are set but that this choice does not use (names only). */
  unusedKeys: string[]
}

const keyVariables = [
  { provider: 'anthropic', variable: 'ANTHROPIC_API_KEY' },
  { provider: 'openai', variable: 'OPENAI_API_KEY' },
] as const

/**
 * The rule, most explicit first: --provider (or CLOUDOPS_PROVIDER), then llm.provider in config (so an explicit
 * `offline` there wins over an exported key), then an exported ANTHROPIC_API_KEY, then OPENAI_API_KEY, else offline.
 */
export function providerChoice(flag: ProviderName | undefined, config: Config, env: Env = process.env): ProviderChoice {
  const exported = keyVariables.filter((k) => env[k.variable]?.trim())
  const unused = (provider: ProviderName) =>
    exported
      .filter((k) => k.provider !== provider && !(provider === 'openai-compatible' && k.provider === 'openai'))
      .map((k) => k.variable)
  if (flag) return { provider: flag, source: 'flag', unusedKeys: unused(flag) }
  const configured = config.llm?.provider
  if (configured) return { provider: configured, source: 'config', unusedKeys: unused(configured) }
  const first = exported[0]
  if (first) {
    return { provider: first.provider, source: 'key', keyVariable: first.variable, unusedKeys: unused(first.provider) }
  }
  return { provider: 'offline', source: 'none', unusedKeys: [] }
}

export function chooseProvider(flag: ProviderName | undefined, config: Config, env: Env = process.env): ProviderName {
  return providerChoice(flag, config, env).provider
}

const listed = (vars: string[]) =>
  vars.length > 1 ? `${vars.slice(0, -1).join(', ')} and ${vars.at(-1)} are` : `${vars[0]} is`

/** For config's `offline` winning over an exported key: what is set, what is used, and the one command to change it. */
export function offlineOverKey(
  choice: ProviderChoice,
  configFile: string,
): { detail: string; fix: string } | undefined {
  if (choice.provider !== 'offline' || choice.source !== 'config' || !choice.unusedKeys.length) return undefined
  const providers = keyVariables.filter((k) => choice.unusedKeys.includes(k.variable)).map((k) => k.provider)
  return {
    detail: `llm.provider is offline in ${configFile}; ${listed(choice.unusedKeys)} set but not used`,
    fix:
      providers.length > 1
        ? `\`cloudops config set llm.provider ${providers[0]}\` (or ${providers.slice(1).join(', ')}) to use one`
        : `\`cloudops config set llm.provider ${providers[0]}\` to use it`,
  }
}

/** The one-line notice ask, plan and intent print about the provider, when there is something to say. */
export function providerNotice(choice: ProviderChoice, configFile: string): string | undefined {
  if (choice.source === 'none') {
    return 'No LLM key found (ANTHROPIC_API_KEY, OPENAI_API_KEY) and no llm.provider in config: using the offline parser.'
  }
  const over = offlineOverKey(choice, configFile)
  return over ? `${over.detail}: ${over.fix}.` : undefined
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
    : gateIntent(data, { playbooks: src.playbooks, environments, minConfidence, question })
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
