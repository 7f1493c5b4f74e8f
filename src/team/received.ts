// What comes back from the stream is untrusted: a message is parsed and shape-checked before any field is used.
import type { AuditCloudEvent, ShippedRecord } from './event.js'

const hex64 = /^[0-9a-f]{64}$/
const maxBytes = 1024 * 1024

/** The event a message holds, or why it is not a cloudops audit event. */
export function parseEvent(bytes: Uint8Array): AuditCloudEvent | string {
  if (bytes.length > maxBytes) return 'message too large for an audit event'
  let e: unknown
  try {
    e = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return 'not JSON'
  }
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'not a JSON object'
  const ev = e as Partial<AuditCloudEvent>
  if (ev.specversion !== '1.0' || typeof ev.type !== 'string' || !ev.type.startsWith('dev.cloudops.audit.'))
    return 'not a cloudops audit CloudEvent'
  const d = ev.data as Partial<ShippedRecord> | undefined
  if (!d || typeof d !== 'object' || Array.isArray(d)) return 'event without data'
  if (typeof d.seq !== 'number' || !Number.isInteger(d.seq) || d.seq < 1) return 'data.seq is not a positive integer'
  if (typeof d.hash !== 'string' || !hex64.test(d.hash)) return 'data.hash is not a SHA-256'
  if (typeof d.prev !== 'string') return 'data.prev is not a string'
  if (ev.id !== d.hash) return 'event id differs from data.hash'
  if (!d.data || typeof d.data !== 'object' || Array.isArray(d.data)) return 'data.data is not an object'
  if (d.redacted !== undefined && (!Array.isArray(d.redacted) || typeof d.copy_hash !== 'string'))
    return 'redacted copy without copy_hash'
  return ev as AuditCloudEvent
}
