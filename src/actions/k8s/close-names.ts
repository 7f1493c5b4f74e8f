// "Did you mean": the names nearest to one that was not found, a few at most.
import { editDistance } from '../../util/edit-distance.js'

export function closeNames(wanted: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 4))
  return [...new Set(names)]
    .map((name) => ({ name, d: distance(wanted, name, limit) }))
    .filter((c) => c.d <= limit && c.name !== wanted)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((c) => c.name)
}

/** Containment counts as close; lengths further apart than the limit are not worth the full comparison. */
function distance(wanted: string, name: string, limit: number): number {
  if (name.includes(wanted) || wanted.includes(name)) return 1
  if (Math.abs(name.length - wanted.length) > limit) return limit + 1
  return editDistance(wanted, name)
}
