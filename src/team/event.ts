// An audit record as a CloudEvents 1.0 structured JSON event (CONTRACTS.md "Team mode"). In metadata mode the
// question text, LLM text and findings' evidence are replaced by the SHA-256 of their canonical JSON: the team
// sees what ran, not what was asked. The record's own `hash` covers the dropped bytes, so it cannot be recomputed
// centrally; the copy carries `copy_hash` instead, the hash of exactly what was shipped, and the chain of `hash`
// and `prev` still links every copy to the one before it.
import type { AuditRecord } from '../audit/record.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import type { ShipMode } from './settings.js'

/** Keys whose values are free text from a person or an LLM, or raw cloud evidence, wherever they are in `data`. */
const droppedKeys = new Set(['question', 'clarification', 'reason', 'evidence', 'prompt', 'response', 'text'])
const copyDomain = 'cloudops-audit-copy-v1\0'

export interface ShippedRecord extends Omit<AuditRecord, 'data'> {
  data: Record<string, unknown>
  /** Dotted paths of the values replaced by `{"redacted_sha256": "..."}`; absent when nothing was dropped. */
  redacted?: string[]
  /** With `redacted`: SHA-256 of the copy-domain tag and the canonical JSON of this object without copy_hash. */
  copy_hash?: string
}

export interface AuditCloudEvent {
  specversion: '1.0'
  id: string
  type: string
  source: string
  subject: string
  time: string
  datacontenttype: 'application/json'
  data: ShippedRecord
}

function redactValue(value: unknown, path: string, dropped: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => redactValue(v, `${path}.${i}`, dropped))
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (droppedKeys.has(k) && v !== null && v !== undefined) {
      dropped.push(`${path}.${k}`)
      out[k] = { redacted_sha256: sha256Hex(canonicalJson(v)) }
    } else out[k] = redactValue(v, `${path}.${k}`, dropped)
  }
  return out
}

export function copyHash(copy: Omit<ShippedRecord, 'copy_hash'>): string {
  return sha256Hex(copyDomain + canonicalJson(copy))
}

/** What the team receives of one record. */
export function shippedRecord(record: AuditRecord, mode: ShipMode): ShippedRecord {
  if (mode === 'full') return record
  const dropped: string[] = []
  const data = redactValue(record.data, 'data', dropped) as Record<string, unknown>
  if (dropped.length === 0) return record
  const copy = { ...record, data, redacted: dropped }
  return { ...copy, copy_hash: copyHash(copy) }
}

/** A subject token for a host name: NATS tokens cannot hold `.`, `*`, `>` or white space. */
function hostToken(host: string): string {
  return host.replace(/[^A-Za-z0-9_-]/g, '_') || '_'
}

export const subjectFor = (host: string) => `cloudops.audit.${hostToken(host)}`

/** The event as JSON text. A record that ships whole is put in as the line the log holds (its canonical JSON),
 * not parsed and serialized again: most records, and the most time of a large ship. */
export function cloudEventText(record: AuditRecord, line: string, mode: ShipMode): string {
  const event = toCloudEvent(record, mode)
  if (event.data !== record) return JSON.stringify(event)
  const { data: _, ...envelope } = event
  return `${JSON.stringify(envelope).slice(0, -1)},"data":${line}}`
}

export function toCloudEvent(record: AuditRecord, mode: ShipMode): AuditCloudEvent {
  const { host, user } = record.actor
  return {
    specversion: '1.0',
    id: record.hash,
    type: `dev.cloudops.audit.${record.kind}`,
    source: `cloudops://${encodeURIComponent(host)}/${encodeURIComponent(user)}`,
    subject: record.run_id,
    time: record.ts,
    datacontenttype: 'application/json',
    data: shippedRecord(record, mode),
  }
}
