// Playbook params: typed values from --param k=v, the intent, or the default (in that order of precedence). Each
// param's declaration becomes a JSON Schema that ajv checks (precompiled by the build for the shipped playbooks and
// the common shapes); its `pattern` is left to RE2 (param-pattern.ts), never to RegExp.
import type { ErrorObject, ValidateFunction } from 'ajv'
import { UsageError } from '../errors.js'
import type { AcceptedIntent } from '../intent/types.js'
import { validatorForObject } from '../schema/validator.js'
import { parseDuration } from '../util/duration.js'
import { compilePattern, type PatternTest } from './param-pattern.js'
import type { Playbook, PlaybookParam } from './playbook.js'

/** The JSON Schema of a param's value, from its declaration (`pattern` excepted: RE2 checks that). */
export function paramSchema(p: PlaybookParam): Record<string, unknown> {
  const bounds = {
    ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
    ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
  }
  switch (p.type) {
    case 'string':
    case 'boolean':
      return { type: p.type }
    case 'integer':
    case 'number':
      return { type: p.type, ...bounds }
    case 'string_list':
      return { type: 'array', items: { type: 'string' } }
    case 'integer_list':
      return { type: 'array', items: { type: 'integer', ...bounds } }
  }
}

interface CompiledParam {
  validate: ValidateFunction
  /** Compiled on first use: loading a shipped playbook checks its defaults without the regex engine. */
  pattern?: PatternTest | Error
}

// By declaration: a playbook's params are compiled once, however many values are checked against them.
const compiledParams = new WeakMap<PlaybookParam, CompiledParam>()

function compiledParam(p: PlaybookParam): CompiledParam {
  let c = compiledParams.get(p)
  if (!c) {
    c = { validate: validatorForObject(paramSchema(p)) }
    // Stryker disable next-line CallExpression: a cache; without it each check compiles the same schema again, same answers
    compiledParams.set(p, c)
  }
  return c
}

/** ajv's errors as the messages users know: a wrong type wins over a bound, as a list's type is its elements'. */
function valueProblem(name: string, p: PlaybookParam, errors: ErrorObject[]): string {
  const first = errors.find((e) => e.keyword === 'type') ?? errors[0]
  // Stryker disable next-line OptionalChaining: ajv fails only with at least one error, so there is always a first
  switch (first?.keyword) {
    case 'minimum':
      return `${name} must be ≥ ${p.minimum}`
    case 'maximum':
      return `${name} must be ≤ ${p.maximum}`
    default:
      return `${name} must be of type ${p.type}`
  }
}

/** Why a value does not fit the param's declaration, or undefined. `patterns: false` skips its pattern. */
export function checkParamValue(
  name: string,
  p: PlaybookParam,
  v: unknown,
  opts: { patterns?: boolean } = {},
): string | undefined {
  const c = compiledParam(p)
  // Stryker disable next-line ArrayDeclaration: ajv sets errors whenever it fails, so the fallback is never used
  if (!c.validate(v)) return valueProblem(name, p, c.validate.errors ?? [])
  if (p.pattern === undefined || opts.patterns === false) return undefined
  for (const text of Array.isArray(v) ? v : [v]) {
    if (typeof text !== 'string') continue
    c.pattern ??= compilePattern(p.pattern)
    if (c.pattern instanceof Error) return `${name}: ${c.pattern.message}`
    if (!c.pattern(text)) return `${name} must match ${p.pattern}`
  }
  return undefined
}

/** A --param value from text, by the param's declared type. */
function parseParamText(p: PlaybookParam, raw: string): unknown {
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
    case 'intent.target.name':
      return intent.target.name
    case 'intent.target.kind':
      return intent.target.kind
    case 'intent.time_range.days':
      return hours === undefined ? undefined : Math.max(1, Math.ceil(hours / 24))
    case 'intent.time_range.hours':
      return hours
  }
}

/** An intent's time range (h, d, w, mo, as the intent schema allows) in hours: "7d" → 168, "1mo" → 720. */
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
    let v = raw !== undefined ? parseParamText(p, raw) : fromIntent(p, intent)
    if (v === undefined) v = p.default
    if (v === undefined && p.required) {
      throw new UsageError(`playbook ${pb.metadata.name} needs param "${name}": ${p.description}`, {
        hint: `Pass --param ${name}=<value>, or name it in the question.`,
      })
    }
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
