// An audit record and its hash: SHA-256 over a domain tag and the RFC 8785 canonical JSON of the record
// without `hash`. Every field is covered, so any edit changes the hash.
import { randomBytes } from 'node:crypto'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import type { AuditActor, AuditKind } from './sink.js'

export const AUDIT_VERSION = 1
const domain = 'cloudops-audit-v1\0'

export interface AuditRecord {
  v: number
  seq: number
  ts: string
  run_id: string
  kind: AuditKind
  actor: AuditActor
  data: Record<string, unknown>
  prev: string
  hash: string
}

type UnsignedRecord = Omit<AuditRecord, 'hash'>

export function hashCanonical(canonical: string): string {
  return sha256Hex(domain + canonical)
}

function hashRecord(record: UnsignedRecord): string {
  return hashCanonical(canonicalJson(record))
}

/** The line written to the log: the canonical JSON of the whole record (so verify can take a fast path). */
export function sealRecord(record: UnsignedRecord): { record: AuditRecord; line: string } {
  const sealed = { ...record, hash: hashRecord(record) }
  return { record: sealed, line: canonicalJson(sealed) }
}

/** The first record of a new log links to a random log id rather than to nothing. */
export function newLogId(): string {
  return randomBytes(32).toString('hex')
}
