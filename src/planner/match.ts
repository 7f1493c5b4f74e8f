// Rule-based choice of a playbook for an accepted intent: the intent's (intent_type, resource_type) must be served,
// then a playbook that lists the intent's goal wins, then the one whose keywords the question hits most. An intent that
// names one object is served only by a named-object playbook (k8s-diagnose, aws-diagnose), and only it by those.
import { hasWord, normalize } from '../intent/offline.js'
import type { AcceptedIntent, Intent } from '../intent/types.js'
import { byCodeUnits } from '../util/compare.js'
import type { LoadedPlaybook } from './playbook.js'

export function servingPlaybooks(all: readonly LoadedPlaybook[], intent: Intent): LoadedPlaybook[] {
  if (intent.intent_type === 'unsupported' || !intent.target) return []
  const target = intent.target
  const named = target.name !== undefined
  return all.filter(
    (p) =>
      (p.playbook.match.intent_types as readonly string[]).includes(intent.intent_type) &&
      p.playbook.match.resource_types.includes(target.resource_type) &&
      p.playbook.metadata.provider === target.provider &&
      (p.playbook.match.named_object ?? false) === named,
  )
}

export function matchPlaybook(
  all: readonly LoadedPlaybook[],
  intent: AcceptedIntent,
  question: string | null,
): LoadedPlaybook | undefined {
  const text = normalize(question ?? '')
  const score = (p: LoadedPlaybook) => {
    const m = p.playbook.match
    const goal = m.goals?.includes(intent.goal) ? 100 : 0
    const keywords = (m.keywords ?? []).filter((k) => hasWord(text, k)).length
    return goal + keywords
  }
  return servingPlaybooks(all, intent)
    .map((p) => ({ p, s: score(p) }))
    .sort((a, b) => b.s - a.s || byCodeUnits(a.p.playbook.metadata.name, b.p.playbook.metadata.name))[0]?.p
}
