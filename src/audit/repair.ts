// `audit repair`: a torn last line (a crash or a full disk in the middle of an append) is moved to a file beside
// the log, never deleted, and never a complete record; then the repair itself is appended as a record. Anything
// else that is wrong with the log is not a repair's business: verify names it and the writer keeps refusing.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs'
import type { SigningKey } from '../config/signing-key.js'
import type { AuditActor } from './sink.js'
import { FileAuditSink, withLogLock } from './writer.js'

interface RepairResult {
  repaired: boolean
  /** Where the torn bytes went (null when only a lost newline was restored). */
  moved_to: string | null
  torn_bytes: number
  /** The seq of the last complete record before the repair record. */
  after_seq: number | null
}

type Damage =
  | { kind: 'newline'; at: number; lastSeq: number }
  | { kind: 'torn'; start: number; bytes: Buffer; lastSeq: number | null }

function parseRecord(line: string): { seq: number } | undefined {
  try {
    const r = JSON.parse(line)
    return typeof r?.seq === 'number' && typeof r?.hash === 'string' ? r : undefined
  } catch {
    return undefined
  }
}

/** What is wrong with the last line, if anything; only the last line is looked at. */
function damageAtEnd(log: string): Damage | undefined {
  const fd = openSync(log, 'r')
  try {
    const size = fstatSync(fd).size
    if (size === 0) return undefined
    for (let chunk = 64 * 1024; ; chunk *= 4) {
      const from = Math.max(0, size - chunk)
      const buf = Buffer.alloc(size - from)
      readSync(fd, buf, 0, buf.length, from)
      const ended = buf[buf.length - 1] === 0x0a
      const end = ended ? buf.length - 1 : buf.length
      const nl = end > 0 ? buf.lastIndexOf(0x0a, end - 1) : -1
      if (nl < 0 && from > 0) continue // the last line is longer than this chunk
      const record = parseRecord(buf.subarray(nl + 1, end).toString('utf8'))
      if (record) return ended ? undefined : { kind: 'newline', at: size, lastSeq: record.seq }
      const before = buf.subarray(0, Math.max(nl, 0)).toString('utf8')
      const lastSeq = parseRecord(before.slice(before.lastIndexOf('\n') + 1))?.seq ?? null
      return { kind: 'torn', start: from + nl + 1, bytes: buf.subarray(nl + 1), lastSeq }
    }
  } finally {
    closeSync(fd)
  }
}

export async function repairAuditLog(
  log: string,
  actor: AuditActor,
  key: SigningKey | undefined,
  runId: string,
  now = new Date(),
): Promise<RepairResult> {
  const done = await withLogLock(log, () => {
    const damage = damageAtEnd(log)
    if (!damage) return undefined
    const fd = openSync(log, 'r+')
    try {
      if (damage.kind === 'newline') {
        writeSync(fd, '\n', damage.at) // a whole record whose newline was lost: end its line, cut nothing
        fsyncSync(fd)
        return { moved_to: null, torn_bytes: 0, after_seq: damage.lastSeq }
      }
      const movedTo = `${log}.torn-${now.toISOString().replace(/[:.]/g, '-')}`
      writeFileSync(movedTo, damage.bytes, { mode: 0o600, flag: 'wx' }) // kept before anything is cut
      ftruncateSync(fd, damage.start)
      fsyncSync(fd)
      return { moved_to: movedTo, torn_bytes: damage.bytes.length, after_seq: damage.lastSeq }
    } finally {
      closeSync(fd)
    }
  })
  if (!done) return { repaired: false, moved_to: null, torn_bytes: 0, after_seq: null }
  const sink = new FileAuditSink(log, actor, key, () => now)
  await sink.append({ run_id: runId, kind: 'log_repaired', data: { ...done } })
  await sink.close()
  return { repaired: true, ...done }
}
