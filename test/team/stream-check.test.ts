// The central chain check, fed copies as the stream would deliver them.
import { describe, expect, it } from 'vitest'
import { type AuditRecord, newLogId, sealRecord } from '../../src/audit/record.js'
import { toCloudEvent } from '../../src/team/event.js'
import { streamChecker } from '../../src/team/stream-verify.js'

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = []
  let prev = newLogId()
  for (let seq = 1; seq <= n; seq++) {
    const { record } = sealRecord({
      v: 1,
      seq,
      ts: '2026-11-01T00:00:00.000Z',
      run_id: 'R',
      kind: 'run_started',
      actor: { user: 'u', host: 'h', tool_version: '0' },
      data: seq === 2 ? { question: 'q?' } : { n: seq },
      prev,
    })
    out.push(record)
    prev = record.hash
  }
  return out
}

const bytes = (r: AuditRecord, mode: 'full' | 'metadata' = 'metadata') =>
  new TextEncoder().encode(JSON.stringify(toCloudEvent(r, mode)))

function check(messages: Uint8Array[]) {
  const c = streamChecker()
  for (const [i, m] of messages.entries()) c.check(m, i + 1)
  return c.report()
}

describe('stream chain check', () => {
  it('an intact chain, metadata copies included, is valid', () => {
    expect(check(chain(5).map((r) => bytes(r)))).toEqual({
      valid: true,
      records: 5,
      first_invalid_seq: null,
      problems: [],
    })
  })

  it('names a duplicate, a broken link and a message that is not an audit copy', () => {
    const c = chain(4)
    const forged = { ...(c[2] as AuditRecord), prev: 'f'.repeat(64) }
    const r = check([bytes(c[0] as AuditRecord), bytes(c[0] as AuditRecord), new TextEncoder().encode('{}')])
    expect(r.problems).toEqual([
      { seq: 1, reason: 'duplicate copy' },
      { seq: null, reason: 'stream message 3: not a cloudops audit CloudEvent' },
    ])
    const linked = check([bytes(c[0] as AuditRecord), bytes(c[1] as AuditRecord), bytes(forged, 'full')])
    // The forged prev changes what the hash covers: caught as an edit before the link is looked at.
    expect(linked.problems).toEqual([{ seq: 3, reason: 'hash mismatch: the copy was altered' }])
  })

  it('a copy whose event id is not its hash is refused', () => {
    const [r] = chain(1)
    const ev = { ...toCloudEvent(r as AuditRecord, 'full'), id: 'b'.repeat(64) }
    const report = check([new TextEncoder().encode(JSON.stringify(ev))])
    expect(report.problems[0]?.reason).toMatch(/event id differs from data.hash/)
  })
})
