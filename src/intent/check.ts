// The intent checks after the JSON Schema: the scope must be an environment this user has, or a standard one; a
// playbook must serve it. Self-reported confidence can only lower trust: anything failing here is refused.
import type { LoadedPlaybook } from '../planner/playbook.js'
import { schemaProblems, validatorFor } from '../schema/validator.js'
import { nearMissEnvironment, suggestEnvironment } from './near-miss.js'
import { normalize, ordinaryWords } from './offline.js'
import { type AcceptedIntent, type Intent, providerOfKind } from './types.js'

const standardScopes = ['prod', 'staging', 'dev', 'default', 'all']

export type IntentVerdict =
  | { accepted: true; intent: AcceptedIntent }
  | {
      accepted: false
      intent: Intent | null
      reason: string
      clarification?: string
      /** Refused for naming an environment that is not configured (and the name it nearly spells, if any). */
      unknownEnvironment?: { name: string; suggestion?: string }
    }

function schemaCheck(data: unknown): { ok: true; intent: Intent } | { ok: false; reason: string } {
  const validate = validatorFor('intent')
  if (validate(data)) return { ok: true, intent: data as Intent }
  // Stryker disable next-line OptionalChaining: the intent schema has no anyOf/oneOf/if, so a failed check always leaves a problem
  return { ok: false, reason: `the intent is invalid: ${schemaProblems(validate)[0]?.message ?? 'schema mismatch'}` }
}

export function gateIntent(
  data: unknown,
  opts: {
    playbooks: readonly LoadedPlaybook[]
    /** Whether a playbook serves the intent: the planner's rule, passed in (the gate comes before planning). */
    serves: (intent: Intent) => boolean
    environments: readonly string[]
    minConfidence: number
    /** The question: a misspelt environment in it is refused whatever scope a model chose for it. */
    question?: string
  },
): IntentVerdict {
  const checked = schemaCheck(data)
  if (!checked.ok) return { accepted: false, intent: null, reason: checked.reason }
  const intent = checked.intent
  if (intent.intent_type === 'unsupported') {
    return { accepted: false, intent, reason: intent.reason ?? 'the request is not supported (cloudops is read-only)' }
  }
  if (!intent.target || !intent.goal) {
    return {
      accepted: false,
      intent,
      reason: 'the intent names no target or goal',
      clarification: intent.clarification,
    }
  }
  const kind = intent.target.kind
  if (kind && providerOfKind(kind) !== intent.target.provider) {
    return { accepted: false, intent, reason: `a ${kind} is not a ${intent.target.provider} object` }
  }
  const scope = intent.target.scope
  // Never a fallback to `default`: an environment that is not configured is refused, with the name it nearly spells.
  if (!standardScopes.includes(scope) && !opts.environments.includes(scope)) {
    return unknownEnvironment(intent, scope, suggestEnvironment(scope, opts.environments), opts.environments)
  }
  // A model may quietly read "sandbx" as sandbox, or as nothing (default): either way the user did not name an
  // environment that exists, and the same deterministic check as the offline parser's refuses it.
  const near = opts.question
    ? nearMissEnvironment(normalize(opts.question), opts.environments, ordinaryWords(opts.playbooks))
    : undefined
  if (near) return unknownEnvironment(intent, near.word, near.suggestion, opts.environments)
  if (!opts.serves(intent)) {
    return {
      accepted: false,
      intent,
      reason: `no playbook serves ${intent.intent_type} of ${intent.target.resource_type}`,
    }
  }
  if (intent.confidence < opts.minConfidence) {
    return {
      accepted: false,
      intent,
      // The parser's own reason when it gave one ("it asks about two things"), else the number.
      reason: intent.reason ?? `confidence ${intent.confidence} is below the gate (${opts.minConfidence})`,
      clarification: intent.clarification,
    }
  }
  return { accepted: true, intent: intent as AcceptedIntent }
}

function unknownEnvironment(
  intent: Intent,
  name: string,
  guess: string | undefined,
  environments: readonly string[],
): IntentVerdict {
  const standard = standardScopes.filter((s) => !environments.includes(s)).join(', ')
  const known = environments.length ? `configured: ${environments.join(', ')}; standard: ${standard}` : standard
  return {
    accepted: false,
    intent,
    reason: `environment "${name}" is not configured${guess ? `; did you mean ${guess}?` : ''}`,
    clarification: guess ? `Ask again with ${guess} in the question (${known}).` : `Which environment? (${known})`,
    unknownEnvironment: { name, ...(guess ? { suggestion: guess } : {}) },
  }
}
