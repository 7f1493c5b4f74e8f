// The local records a ship sends: those after what the stream already holds, each verified as `audit verify`
// verifies it (hash, seq, the link to the record before it, checkpoints, the head anchor), starting from the last
// shipped record's hash. Lines already shipped are skipped without being parsed, so a ship's cost grows with what
// is new, not with the log; `audit verify` remains the check of the whole log.
import { logFiles } from '../audit/files.js'
import { checkHeadSignature, readHead } from '../audit/head.js'
import { readLines } from '../audit/lines.js'
import type { AuditRecord } from '../audit/record.js'
import { type Previous, parseRecord, recordProblem } from '../audit/verify-record.js'
import type { SigningKey } from '../config/signing-key.js'
import type { ShipCursor } from './cursor.js'

export interface Walk {
  /** Records at or before the cursor: already in the stream. */
  skipped: number
  /** The first record that fails verification: it and what follows are not shipped. */
  problem?: { seq: number | null; reason: string }
  /** The local record at the cursor's seq has another hash than the stream's copy: another chain. */
  differs?: number
}

/** The top-level seq of a line the writer wrote (canonical JSON: `seq` follows `run_id`, after `data`). */
function quickSeq(line: string): number | undefined {
  const at = line.lastIndexOf(',"seq":')
  if (at === -1) return undefined
  const n = Number.parseInt(line.slice(at + 7), 10)
  return Number.isInteger(n) ? n : undefined
}

export function* recordsAfter(
  log: string,
  after: ShipCursor | undefined,
  walk: Walk,
  key?: SigningKey,
): Generator<{ record: AuditRecord; line: string }> {
  const headRead = readHead(log)
  if (headRead === 'unreadable') {
    walk.problem = { seq: null, reason: 'head anchor unreadable' }
    return
  }
  const head = headRead
  const signature = head ? checkHeadSignature(head, key) : undefined
  const prev: Previous = { prevSeq: after?.seq ?? 0, prevHash: after?.hash }
  for (const file of logFiles(log)) {
    for (const line of readLines(file)) {
      if (line.trim() === '') continue
      const quick = after ? quickSeq(line) : undefined
      if (after && quick !== undefined && quick < after.seq) {
        walk.skipped++
        continue
      }
      const r = parseRecord(line)
      if (!r) {
        walk.problem = { seq: prev.prevSeq + 1, reason: 'unparseable line' }
        return
      }
      const seq = typeof r.seq === 'number' ? r.seq : prev.prevSeq + 1
      if (after && seq <= after.seq) {
        // The last shipped record must still be the one the stream holds: else this is another chain.
        if (seq === after.seq && r.hash !== after.hash) {
          walk.differs = seq
          return
        }
        walk.skipped++
        continue
      }
      const reason =
        recordProblem(line, r, seq, prev, key) ??
        (head && seq === head.seq && head.hash !== r.hash
          ? 'head mismatch: hash differs from the record at that seq'
          : undefined) ??
        (head && seq === head.seq && signature === 'invalid' ? 'bad head signature' : undefined)
      if (reason) {
        walk.problem = { seq, reason }
        return
      }
      prev.prevSeq = seq
      prev.prevHash = String(r.hash)
      yield { record: r as unknown as AuditRecord, line }
    }
  }
  if (head && head.seq > prev.prevSeq && (!after || head.seq > after.seq)) {
    const reason = `head mismatch: the log ends at seq ${prev.prevSeq}, its head says ${head.seq} (tail cut?)`
    walk.problem = { seq: head.seq, reason }
  }
}
