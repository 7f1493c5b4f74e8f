// The offline parser: no network, no key, deterministic. It scores each playbook by the keywords its `match` block
// declares, reads the environment, namespace, region and time range from the words, and refuses any request to
// change something. Its confidence says how much evidence the words give for one playbook (see `confidenceOf`).
import type { LoadedPlaybook } from '../planner/playbook.js'
import { byCodeUnits } from '../util/compare.js'
import { escapeRegExp } from '../util/escape-regexp.js'
import { nearMissEnvironment } from './near-miss.js'
import { type NamedObject, namedObject, withoutName } from './object-name.js'
import type { Intent, IntentTarget, ObjectKind, ResourceType } from './types.js'
import {
  chainedMutations,
  injectionPatterns,
  leadIns,
  mutatingVerbs,
  notEnvironmentNames,
  resourceWords,
  scopeWords,
} from './vocabulary.js'

export interface Candidate {
  playbook: string
  score: number
}

interface OfflineParse {
  intent: Intent
  candidates: Candidate[]
}

export function normalize(q: string): string {
  return q
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'") // curly single quotes
    .replace(/,/g, ' , ') // a comma ends a clause: "in dev, namespace shop" is not "in dev namespace"
    .replace(/[^a-z0-9.'/:\-\s,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) // a-z, 0-9

/**
 * A keyword matches at the start of a word (so "crash" matches "crashlooping", "pod" matches "pods"). Searched for,
 * not matched by a RegExp: a question is scored against every playbook's keywords, and each would compile one.
 */
export function hasWord(text: string, keyword: string): boolean {
  const k = keyword.toLowerCase()
  for (let at = text.indexOf(k); at !== -1; at = text.indexOf(k, at + 1)) {
    if (at === 0 || !isWordChar(text.charCodeAt(at - 1))) return true
  }
  return false
}

const exactWords = new Map<string, RegExp>()

function exactWord(text: string, word: string): boolean {
  let pattern = exactWords.get(word)
  if (!pattern) {
    pattern = new RegExp(`(^|[^a-z0-9-])${escapeRegExp(word)}($|[^a-z0-9-])`)
    exactWords.set(word, pattern)
  }
  return pattern.test(text)
}

/** Why a question asks to change something, or undefined when it only asks to look. */
function refusal(q: string, text: string): string | undefined {
  // `payment-api` quotes a name, as operators write it; any other backtick may carry a command and is refused.
  const namesUnquoted = q.replace(/`([A-Za-z0-9][-A-Za-z0-9./]*)`/g, '$1')
  if (injectionPatterns.some((p) => p.test(namesUnquoted))) {
    return 'the question tries to steer the tool or embeds a command'
  }
  const words = text.split(' ')
  const first = words.find((w) => !leadIns.includes(w))
  if (first && mutatingVerbs.includes(first)) {
    return `"${first}" asks to change something; cloudops is read-only and only investigates`
  }
  const chained = new RegExp(`\\b(and|then|also|to)\\s+(${chainedMutations.join('|')})\\b`).exec(text)
  if (chained) return `"${chained[2]}" asks to change something; cloudops is read-only and only investigates`
  return undefined
}

/** Words that are never a misspelt environment: ordinary ones, resource words, playbook keywords. */
export function ordinaryWords(playbooks: readonly LoadedPlaybook[]): Set<string> {
  const words = new Set<string>([...notEnvironmentNames, ...notNames, ...Object.values(resourceWords).flat()])
  for (const pb of playbooks) for (const k of pb.playbook.match.keywords ?? []) words.add(k.toLowerCase())
  return words
}

/** A question about every environment or cluster: a fleet run ("which clusters have crashlooping pods?"). */
const fleetWords =
  /\b(?:all|every|each)\s+(?:of\s+(?:the|my|our)\s+)?(?:environments?|envs?|clusters?|accounts?)\b|\bacross\s+(?:all\s+|the\s+|my\s+|our\s+)?(?:environments|envs|clusters|accounts)\b|\bwhich\s+(?:clusters|environments|accounts)\b|\bfleet\b|\beverywhere\b/

/**
 * The environment a question names: a configured one, a standard one (or a synonym), else `default`. A word where an
 * environment's name would stand that nearly spells one ("in sandbx") is returned as written, so that the gate
 * refuses it with "did you mean sandbox?" instead of the question silently running against `default`.
 */
function scopeOf(text: string, environments: readonly string[], playbooks: readonly LoadedPlaybook[] = []): string {
  const near = nearMissEnvironment(text, environments, ordinaryWords(playbooks))
  if (near) return near.word
  for (const env of environments) if (exactWord(text, env.toLowerCase())) return env
  for (const [scope, words] of Object.entries(scopeWords)) if (words.some((w) => exactWord(text, w))) return scope
  // Only after every named environment: "which clusters in prod …" is about prod.
  if (fleetWords.test(text)) return 'all'
  return 'default'
}

function timeRangeOf(text: string): string | undefined {
  const n = /\b(?:last|past|previous)\s+([0-9]{1,3})\s*(hours?|hrs?|h|days?|d|weeks?|w|months?|mo)\b/.exec(text)
  if (n) {
    const unit = n[2] as string
    const u = unit.startsWith('h') ? 'h' : unit.startsWith('d') ? 'd' : unit.startsWith('w') ? 'w' : 'mo'
    return `${n[1]}${u}`
  }
  if (/\b(last|past|previous) (week|7 days)\b|\bthis week\b|\bweekly\b/.test(text)) return '7d'
  if (/\b(last|past|previous) month\b|\bthis month\b|\bmonthly\b/.test(text)) return '30d'
  if (/\b(last|past|previous) (quarter)\b/.test(text)) return '90d'
  if (/\b(last|past|previous) (day|24 ?h(ours)?)\b|\byesterday\b|\btoday\b|\bovernight\b/.test(text)) return '1d'
  if (/\b(last|past) hour\b/.test(text)) return '1h'
  return undefined
}

const notNames = new Set([
  'the',
  'a',
  'this',
  'that',
  'every',
  'each',
  'any',
  'all',
  'on',
  'in',
  'of',
  'for',
  'to',
  'at',
])

function namespaceOf(text: string): string | undefined {
  const name = '([a-z0-9][a-z0-9-]{0,61}[a-z0-9]?)'
  const found = [
    // "in the finance namespace" says it most plainly; "namespace X" may be followed by any word.
    new RegExp(`\\bin (?:the )?${name}\\s+namespace\\b`).exec(text)?.[1],
    new RegExp(`\\b(?:namespace|ns)\\s+${name}\\b`).exec(text)?.[1],
    new RegExp(`\\b${name}\\s+namespace\\b`).exec(text)?.[1],
  ]
  return found.find((n) => n !== undefined && !notNames.has(n))
}

const regionOf = (text: string) => /\b([a-z]{2}(?:-[a-z]+)+-[0-9])\b/.exec(text)?.[1]

function resourceScore(text: string, type: ResourceType): number {
  return resourceWords[type].filter((w) => hasWord(text, w)).length
}

/** The playbook keywords a question holds. */
const hits = (text: string, pb: LoadedPlaybook) => (pb.playbook.match.keywords ?? []).filter((k) => hasWord(text, k))

/** Keyword hits (phrases count more), plus a little when the question names the playbook's kind of resource. */
function scorePlaybook(text: string, pb: LoadedPlaybook, namesSomeResource: boolean): number {
  const m = pb.playbook.match
  let score = 0
  for (const k of hits(text, pb)) score += k.includes(' ') ? 1.5 : 1
  const namesMine = m.resource_types.some((t) => resourceScore(text, t) > 0)
  if (namesMine) score += 0.5
  // "show me OOM kills in a namespace" is not about EC2, however generic "show" is.
  else if (namesSomeResource) score /= 2
  return score
}

/**
 * How the evidence maps to confidence. The best playbook's score counts 1 a keyword, 1.5 a phrase and 0.5 more
 * when the question also names its kind of resource; confidence is 0.5 + 0.2 × score (capped at 0.95), less 0.15
 * when another playbook scores within 0.5 of it. So one bare word (0.7) is below the default gate of 0.8 and is
 * asked about; a word and its resource, or a phrase (0.8), passes; two of them (0.9) pass clearly.
 */
export function confidenceOf(best: number, second: number): number {
  const evidence = Math.min(0.95, 0.5 + 0.2 * best)
  const close = best - second < 0.5 ? 0.15 : 0
  return Math.round((evidence - close) * 100) / 100
}

/** Confidence of a verdict that nothing here answers the question: low, because nothing was understood. */
const noMatchConfidence = 0.3

/**
 * A question that asks for two things ("security groups and crashlooping pods"): the runner-up is matched by words
 * of its own (none shared with the best), they are joined by "and" or the like, and the two are different playbooks.
 */
function asksTwoThings(text: string, best: LoadedPlaybook, second: LoadedPlaybook | undefined, score: number): boolean {
  if (!second || score < 1 || !/\b(and|plus|as well as|also)\b|,/.test(text)) return false
  const mine = hits(text, best)
  const theirs = hits(text, second)
  const overlap = (a: string, b: string) => a.includes(b) || b.includes(a)
  return theirs.length > 0 && !theirs.some((t) => mine.some((m) => overlap(t, m)))
}

export function parseOffline(
  question: string,
  playbooks: readonly LoadedPlaybook[],
  environments: readonly string[] = [],
): OfflineParse {
  const text = normalize(question)
  const why = refusal(question, text)
  if (why) return { intent: { intent_type: 'unsupported', confidence: 0.95, reason: why }, candidates: [] }

  const named = namedObject(question, text, {
    environments: [...environments, ...Object.values(scopeWords).flat()],
    ordinary: ordinaryWords(playbooks),
    namespace: namespaceOf(text),
  })
  const diagnosis = named && namedObjectPlaybook(playbooks, named)
  if (named && diagnosis)
    return diagnosisParse(withoutName(text, named.name), named, diagnosis, environments, playbooks)
  return categoryParse(named ? withoutName(text, named.name) : text, playbooks, environments)
}

/** The playbook that diagnoses one named object of this provider (k8s-diagnose, aws-diagnose). */
function namedObjectPlaybook(playbooks: readonly LoadedPlaybook[], named: NamedObject): LoadedPlaybook | undefined {
  return playbooks.find((p) => p.playbook.match.named_object && p.playbook.metadata.provider === named.provider)
}

const resourceTypeOfKind: Record<ObjectKind, ResourceType> = {
  pod: 'kubernetes_pod',
  job: 'kubernetes_pod',
  cronjob: 'kubernetes_pod',
  deployment: 'kubernetes_deployment',
  statefulset: 'kubernetes_deployment',
  daemonset: 'kubernetes_deployment',
  node: 'kubernetes_node',
  service: 'kubernetes_cluster',
  pvc: 'kubernetes_cluster',
  instance: 'aws_ec2_instance',
  security_group: 'aws_security_group',
  volume: 'aws_ebs_volume',
}

/** "What's wrong with payment-api in shop?": the object's diagnosis, whatever words its name holds. */
function diagnosisParse(
  text: string,
  named: NamedObject,
  pb: LoadedPlaybook,
  environments: readonly string[],
  playbooks: readonly LoadedPlaybook[],
): OfflineParse {
  const namespace = named.provider === 'kubernetes' ? (namespaceOf(text) ?? named.namespace) : undefined
  const region = named.provider === 'aws' ? regionOf(text) : undefined
  const target: IntentTarget = {
    provider: named.provider,
    resource_type: named.kind
      ? resourceTypeOfKind[named.kind]
      : named.provider === 'aws'
        ? 'aws_ec2_instance'
        : 'kubernetes_cluster',
    scope: scopeOf(text, environments, playbooks),
    name: named.name,
    ...(named.kind ? { kind: named.kind } : {}),
    ...(namespace ? { namespace } : {}),
    ...(region ? { region } : {}),
  }
  const last = timeRangeOf(text)
  return {
    intent: {
      intent_type: 'investigate',
      target,
      goal: pb.playbook.match.goals?.[0] ?? 'diagnose',
      ...(last ? { time_range: { last } } : {}),
      confidence: 0.9,
    },
    candidates: [{ playbook: pb.playbook.metadata.name, score: 2 }],
  }
}

function categoryParse(text: string, all: readonly LoadedPlaybook[], environments: readonly string[]): OfflineParse {
  const playbooks = all.filter((p) => !p.playbook.match.named_object)
  const namesSomeResource = (Object.keys(resourceWords) as ResourceType[]).some((t) => resourceScore(text, t) > 0)
  const candidates = playbooks
    .map((pb) => ({ pb, score: scorePlaybook(text, pb, namesSomeResource) }))
    .filter((c) => c.score >= 1)
    .sort((a, b) => b.score - a.score || byCodeUnits(a.pb.playbook.metadata.name, b.pb.playbook.metadata.name))
  const ranked = candidates.map((c) => ({ playbook: c.pb.playbook.metadata.name, score: c.score }))
  const best = candidates[0]
  if (!best) {
    const near = nearMissEnvironment(text, environments, ordinaryWords(all))
    return {
      intent: {
        intent_type: 'unsupported',
        confidence: noMatchConfidence,
        reason: `the question is not about anything cloudops can look at (see \`cloudops playbooks list\`)${
          near ? `, and environment "${near.word}" is not configured; did you mean ${near.suggestion}?` : ''
        }`,
      },
      candidates: [],
    }
  }
  const runnerUp = candidates[1]
  const two = asksTwoThings(text, best.pb, runnerUp?.pb, runnerUp?.score ?? 0)
  // Two Kubernetes things at once are what the triage is for; anything else is asked about, naming both.
  const triage =
    two && bothKubernetes(best.pb, runnerUp?.pb)
      ? all.find((p) => p.playbook.match.goals?.includes('cluster_triage'))
      : undefined
  if (triage) return categoryIntent(text, triage, all, environments, { confidence: 0.85, ranked })
  const confidence = two ? Math.min(0.6, confidenceOf(best.score, 0)) : confidenceOf(best.score, runnerUp?.score ?? 0)
  const both = `${best.pb.playbook.metadata.name} and ${runnerUp?.pb.playbook.metadata.name}`
  const twoThings = two
    ? { clarification: `Ask about one at a time: ${both}.`, reason: `it asks about two things (${both})` }
    : {}
  return categoryIntent(text, best.pb, all, environments, { confidence, ranked, ...twoThings })
}

const bothKubernetes = (a: LoadedPlaybook, b: LoadedPlaybook | undefined) =>
  a.playbook.metadata.provider === 'kubernetes' && b?.playbook.metadata.provider === 'kubernetes'

/** The intent for one chosen playbook, its target read from the words. */
function categoryIntent(
  text: string,
  chosen: LoadedPlaybook,
  all: readonly LoadedPlaybook[],
  environments: readonly string[],
  o: { confidence: number; ranked: Candidate[]; clarification?: string; reason?: string },
): OfflineParse {
  const { confidence, ranked } = o
  const m = chosen.playbook.match
  const resourceType = [...m.resource_types].sort((a, b) => resourceScore(text, b) - resourceScore(text, a))[0]
  const provider = chosen.playbook.metadata.provider
  const target: IntentTarget = {
    provider,
    resource_type: resourceType as ResourceType,
    scope: scopeOf(text, environments, all),
  }
  const namespace = provider === 'kubernetes' ? namespaceOf(text) : undefined
  const region = provider === 'aws' ? regionOf(text) : undefined
  if (namespace) target.namespace = namespace
  if (region) target.region = region
  const last = timeRangeOf(text)
  const intent: Intent = {
    intent_type: m.intent_types[0] as Intent['intent_type'],
    target,
    goal: m.goals?.[0] ?? 'investigate',
    ...(last ? { time_range: { last } } : {}),
    confidence,
  }
  if (o.reason) intent.reason = o.reason
  if (o.clarification) intent.clarification = o.clarification
  else if (confidence < 0.8) {
    intent.clarification = `Did you mean ${ranked
      .slice(0, 3)
      .map((c) => c.playbook)
      .join(', or ')}?`
  }
  return { intent, candidates: ranked.slice(0, 5) }
}
