// Policy evaluation: pure. Every matching rule counts; the most restrictive effect wins (deny >
// require_approval > allow) whatever the order of the rules; no match → the default; read_only denies any
// non-read step before any rule is consulted. A step's risk comes from the action catalogue, never a plan.
import type { Risk } from '../actions/types.js'
import { matchesAny } from './glob.js'
import type { Decision, Effect, Policy, PolicyRule, Via } from './types.js'

export interface PolicyStep {
  id: string
  provider: string
  action: string
  risk: Risk
  /** What the step reaches (e.g. "namespace/payments", "sg-0abc"); rules with `resource` match only these. */
  resources?: string[]
  /** A namespaced read with no namespace: it reads every namespace, so every namespace rule applies to it. */
  allNamespaces?: boolean
  /** Who asked (the CLI when not said): rules with `via` match only those. */
  via?: Via
}

const rank: Record<Effect, number> = { allow: 0, require_approval: 1, deny: 2 }

export function ruleMatches(rule: PolicyRule, step: PolicyStep, env: string): boolean {
  const m = rule.match
  if (m.env && !matchesAny(m.env, env)) return false
  if (m.provider && !m.provider.includes(step.provider)) return false
  if (m.action && !matchesAny(m.action, step.action)) return false
  if (m.risk && !m.risk.includes(step.risk)) return false
  if (m.resource && !resourceMatches(m.resource, step)) return false
  if (m.via && !m.via.includes(step.via ?? 'cli')) return false
  return true
}

function resourceMatches(globs: string[], step: PolicyStep): boolean {
  if ((step.resources ?? []).some((r) => matchesAny(globs, r))) return true
  return Boolean(step.allNamespaces) && globs.some(isNamespaceGlob)
}

const isNamespaceGlob = (glob: string) => glob.startsWith('namespace/') || glob === '*'

export function decideStep(policy: Policy, step: PolicyStep, env: string): Decision {
  if (policy.read_only && step.risk !== 'read') {
    return {
      step: step.id,
      effect: 'deny',
      rules: ['read_only'],
      reason: `the policy is read-only and ${step.action} is a ${step.risk} action`,
    }
  }
  const matching = policy.rules.filter((r) => ruleMatches(r, step, env))
  if (matching.length === 0) {
    return {
      step: step.id,
      effect: policy.default,
      rules: ['default'],
      reason: `no rule matches; the default is ${policy.default}`,
    }
  }
  const effect = matching.reduce<Effect>((e, r) => (rank[r.effect] > rank[e] ? r.effect : e), 'allow')
  const winners = matching.filter((r) => r.effect === effect)
  const ids = winners.map((r) => r.id).sort()
  // Sorted, as the ids are: the order of the rules in the file must not change a decision.
  const reasons = winners
    .map((r) => r.reason)
    .filter(Boolean)
    .sort()
  const reason = reasons.length ? reasons.join('; ') : `${effect} by rule${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`
  const viaAll = step.allNamespaces && winners.some((r) => r.match.resource?.some(isNamespaceGlob))
  return {
    step: step.id,
    effect,
    rules: ids,
    reason: viaAll ? `${reason} (the step reads every namespace: give it one with --param namespace=NAME)` : reason,
  }
}

export function evaluatePolicy(policy: Policy, steps: readonly PolicyStep[], env: string): Decision[] {
  return steps.map((s) => decideStep(policy, s, env))
}

/** The resources a plan step names, for `match.resource`: ids in its params, and its namespace. */
export function stepResources(params: Record<string, unknown>, namespace?: string): string[] {
  const out: string[] = []
  for (const key of ['group_ids', 'instance_ids', 'volume_ids']) {
    const v = params[key]
    if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'))
  }
  // The one object a diagnosis is about (aws-diagnose's i-…, sg-…, vol-…).
  if (typeof params.id === 'string') out.push(params.id)
  const ns = typeof params.namespace === 'string' ? params.namespace : namespace
  if (ns) out.push(`namespace/${ns}`)
  return out
}
