// Playbook params: typed values from --param k=v, the intent, or the default (in that order of precedence).
import { UsageError } from '../errors.js'
import type { AcceptedIntent } from '../intent/types.js'
import { parseDuration } from '../util/duration.js'
import { matchesPattern, patternProblem } from './param-pattern.js'
import type { Playbook, PlaybookParam } from './playbook.js'

export function checkParamValue(
  name: string,
  p: PlaybookParam,
  v: unknown,
  opts: { patterns?: boolean } = {},
): string | undefined {
  const isInt = (x: unknown) => Number.isInteger(x)
  const ok =
    (p.type === 'string' && typeof v === 'string') ||
    (p.type === 'integer' && isInt(v)) ||
    (p.type === 'number' && typeof v === 'number' && Number.isFinite(v)) ||
    (p.type === 'boolean' && typeof v === 'boolean') ||
    (p.type === 'string_list' && Array.isArray(v) && v.every((x) => typeof x === 'string')) ||
    (p.type === 'integer_list' && Array.isArray(v) && v.every(isInt))
  if (!ok) return `${name} must be of type ${p.type}`
  const nums = Array.isArray(v) ? v : [v]
  for (const n of nums) {
    if (typeof n === 'number' && p.minimum !== undefined && n < p.minimum) return `${name} must be ≥ ${p.minimum}`
    if (typeof n === 'number' && p.maximum !== undefined && n > p.maximum) return `${name} must be ≤ ${p.maximum}`
    if (typeof n === 'string' && p.pattern && opts.patterns !== false) {
      const problem = patternProblem(p.pattern)
      if (problem) return `${name}: ${problem}`
      if (!matchesPattern(p.pattern, n)) return `${name} must match ${p.pattern}`
    }
  }
  return undefined
}

/** A --param value from text, by the param's declared type. */
export function parseParamText(name: string, p: PlaybookParam, raw: string): unknown {
  const list = () =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  switch (p.type) {
    case 'string':
      return raw
    case 'integer':
    case 'number':
      return raw.trim() === '' ? Number.NaN : Number(raw)
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw
    case 'string_list':
      return list()
    case 'integer_list':
      return list().map(Number)
  }
}

function fromIntent(p: PlaybookParam, intent: AcceptedIntent | null): unknown {
  if (!intent || !p.from) return undefined
  const last = intent.time_range?.last
  const hours = last ? durationHours(last) : undefined
  switch (p.from) {
    case 'intent.target.namespace':
      return intent.target.namespace
    case 'intent.target.region':
      return intent.target.region
    case 'intent.time_range.days':
      return hours === undefined ? undefined : Math.max(1, Math.ceil(hours / 24))
    case 'intent.time_range.hours':
      return hours
  }
}

/** "7d" → 168, "24h" → 24, "2w" → 336, "1mo" → 720. */
/** An intent's time range (h, d, w, mo, as the intent schema allows) in hours. */
export function durationHours(text: string): number | undefined {
  const ms = parseDuration(text, ['h', 'd', 'w', 'mo'])
  return ms === undefined ? undefined : ms / 3_600_000
}

export function splitParamFlags(flags: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of flags) {
    const eq = f.indexOf('=')
    if (eq <= 0) throw new UsageError(`--param "${f}" is not k=v`, { hint: 'For example --param namespace=payments.' })
    out[f.slice(0, eq)] = f.slice(eq + 1)
  }
  return out
}

/** The values of a playbook's params for one plan. Unknown or ill-typed --param values are usage errors. */
export function resolveParams(
  pb: Playbook,
  intent: AcceptedIntent | null,
  given: Record<string, string>,
): Record<string, unknown> {
  const declared = pb.params ?? {}
  const names = Object.keys(declared)
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) {
      throw new UsageError(`playbook ${pb.metadata.name} has no param "${name}"`, {
        hint: names.length ? `Its params are: ${names.join(', ')}.` : 'It takes no params.',
      })
    }
  }
  const values: Record<string, unknown> = {}
  for (const [name, p] of Object.entries(declared)) {
    const raw = given[name]
    let v = raw !== undefined ? parseParamText(name, p, raw) : fromIntent(p, intent)
    if (v === undefined) v = p.default
    if (v === undefined) continue
    const err = checkParamValue(name, p, v)
    if (err) {
      throw new UsageError(`param ${err}${raw !== undefined ? ` (got "${raw}")` : ''}`, {
        hint: `See \`cloudops playbooks show ${pb.metadata.name}\` for its params.`,
      })
    }
    values[name] = v
  }
  return values
}
