// Writes a valid hash-chained audit log of n records directly (10,000 appends through the writer would take
// minutes of locking), with its head anchor, as a host would have written it.
import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { writeHead } from '../../src/audit/head.js'
import { type AuditRecord, newLogId, sealRecord } from '../../src/audit/record.js'

export function writeAuditLog(
  log: string,
  n: number,
  opts: { host: string; question?: string; from?: AuditRecord },
): AuditRecord[] {
  mkdirSync(dirname(log), { recursive: true })
  const out: AuditRecord[] = []
  let prev = opts.from?.hash ?? newLogId()
  const first = (opts.from?.seq ?? 0) + 1
  const lines: string[] = []
  for (let seq = first; seq < first + n; seq++) {
    const run_id = `RUN${String(Math.floor(seq / 10)).padStart(8, '0')}`
    const asked = seq % 10 === 1 && opts.question
    const { record, line } = sealRecord({
      v: 1,
      seq,
      ts: new Date(Date.UTC(2026, 10, 1) + seq * 1000).toISOString(),
      run_id,
      kind: asked ? 'intent_parsed' : 'step_finished',
      actor: { user: 'ops', host: opts.host, tool_version: '0.1.0' },
      data: asked
        ? { question: opts.question, provider: 'offline', accepted: true, playbook: 'k8s-crashloop-pods' }
        : { step: `s${seq}`, action: 'k8s.pods.list', status: 'ok', duration_ms: 3, items: seq % 7, error: null },
      prev,
    })
    out.push(record)
    lines.push(line)
    prev = record.hash
  }
  appendFileSync(log, `${lines.join('\n')}\n`)
  const last = out[out.length - 1] as AuditRecord
  writeHead(log, { seq: last.seq, hash: last.hash, ts: last.ts })
  return out
}
