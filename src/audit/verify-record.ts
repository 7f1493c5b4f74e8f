// One audit record's checks for the verifier: it parses, has every field, hashes to its `hash`, follows the record
// before it, and (for a checkpoint) signs that record.
import type { SigningKey } from '../config/signing-key.js'
import { canonicalJson } from '../util/hash.js'
import { checkCheckpoint } from './checkpoint.js'
import { AUDIT_VERSION, hashCanonical } from './record.js'

/** The record read just before this one (`prevHash` undefined after an unparseable line or at the start). */
export interface Previous {
  prevSeq: number
  prevHash: string | undefined
}

const fields = ['v', 'seq', 'ts', 'run_id', 'kind', 'actor', 'data', 'prev', 'hash'] as const

/** A JSON object, or undefined for anything else (a torn line, an array, a bare value). */
export function parseRecord(line: string): Record<string, unknown> | undefined {
  try {
    const r = JSON.parse(line)
    // Stryker disable BlockStatement: the catch below: emptied, it falls through to the function's end, undefined too
    return r && typeof r === 'object' && !Array.isArray(r) ? r : undefined
  } catch {
    // Stryker restore BlockStatement
    return undefined
  }
}

/** The hash check, fast path first: a line written by us is canonical JSON, so the bytes that were hashed
 * are the line without its `"hash"` member. Anything else is re-canonicalized. */
function hashMatches(line: string, record: Record<string, unknown>): boolean {
  const member = `,"hash":"${record.hash}"`
  const at = line.indexOf(member)
  // Stryker disable next-line UnaryOperator: `at` is never 1 (an object line starts `{"`); at -1 the bytes cut out cannot hash to the record hash
  if (at !== -1 && hashCanonical(line.slice(0, at) + line.slice(at + member.length)) === record.hash) return true
  const { hash, ...rest } = record
  return hashCanonical(canonicalJson(rest)) === hash
}

/** Why the record (at `seq`) is invalid, or undefined: the first check it fails is the one reported. */
export function recordProblem(
  line: string,
  r: Record<string, unknown>,
  seq: number,
  prev: Previous,
  key?: SigningKey,
): string | undefined {
  const expected = prev.prevSeq + 1
  const missing = fields.filter((f) => !(f in r))
  if (r.v !== AUDIT_VERSION && 'v' in r) return `unknown version ${JSON.stringify(r.v)}`
  if (missing.length) return `missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
  if (!hashMatches(line, r)) return 'hash mismatch: the record was altered'
  if (typeof r.seq !== 'number') return `seq ${JSON.stringify(r.seq)} is not a number`
  if (seq === prev.prevSeq && r.hash === prev.prevHash) return 'duplicate record'
  if (seq > expected) return `gap: expected seq ${expected}, found ${seq}`
  if (seq < expected) return `out of order: expected seq ${expected}, found ${seq}`
  if (prev.prevHash !== undefined && r.prev !== prev.prevHash)
    return 'broken link: prev does not match the previous record'
  if (r.kind === 'checkpoint') {
    const c = r.data as { seq?: unknown; hash?: unknown }
    // No `?.` on hash: once `c?.seq` has matched a number, `c` is an object.
    if (c?.seq !== prev.prevSeq || c.hash !== prev.prevHash) return 'checkpoint does not sign the record before it'
    if (checkCheckpoint(r.data, key) === 'invalid') return 'bad checkpoint signature'
  }
  return undefined
}
