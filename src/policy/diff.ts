// A structural diff of two policies: by rule id and by field, not by text (reordering is no change).
import type { Policy, PolicyRule } from './types.js'

interface FieldChange {
  field: string
  from: unknown
  to: unknown
}

export interface PolicyDiff {
  identical: boolean
  top: FieldChange[]
  added: PolicyRule[]
  removed: PolicyRule[]
  changed: { id: string; fields: FieldChange[] }[]
}

const same = (a: unknown, b: unknown) => JSON.stringify(normalize(a)) === JSON.stringify(normalize(b))

/** List order inside a match does not change meaning. (Key order cannot: ruleChanges compares key by key.) */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return [...v].map(normalize).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))
  return v
}

function ruleChanges(a: PolicyRule, b: PolicyRule): FieldChange[] {
  const out: FieldChange[] = []
  for (const field of ['effect', 'reason'] as const) {
    if (!same(a[field], b[field])) out.push({ field, from: a[field], to: b[field] })
  }
  const keys = new Set([...Object.keys(a.match), ...Object.keys(b.match)]) as Set<keyof PolicyRule['match']>
  for (const key of [...keys].sort()) {
    if (!same(a.match[key], b.match[key])) out.push({ field: `match.${key}`, from: a.match[key], to: b.match[key] })
  }
  return out
}

export function diffPolicies(a: Policy, b: Policy): PolicyDiff {
  const top: FieldChange[] = []
  for (const field of ['version', 'read_only', 'default'] as const) {
    if (a[field] !== b[field]) top.push({ field, from: a[field], to: b[field] })
  }
  const before = new Map(a.rules.map((r) => [r.id, r]))
  const after = new Map(b.rules.map((r) => [r.id, r]))
  const added = b.rules.filter((r) => !before.has(r.id))
  const removed = a.rules.filter((r) => !after.has(r.id))
  const changed = a.rules
    .filter((r) => after.has(r.id))
    .map((r) => ({ id: r.id, fields: ruleChanges(r, after.get(r.id) as PolicyRule) }))
    .filter((c) => c.fields.length > 0)
  return { identical: !top.length && !added.length && !removed.length && !changed.length, top, added, removed, changed }
}
