// Before anything is appended (and before a rotation), the log must still be the log the head anchor signed: the
// record at the head's seq must carry the head's hash, and with a local key the head must carry a valid
// signature. Otherwise the writer refuses (exit 7) rather than append after a cut tail or sign over a gap.
// The head follows every append; a record after the head is allowed (a crash between the two writes leaves one).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { SigningKey } from '../config/signing-key.js'
import { AuditInvalidError } from '../errors.js'
import { checkHeadSignature, readHead } from './head.js'

export interface Tail {
  seq: number
  hash: string
}

const verifyHint = (log: string) =>
  `Run \`cloudops audit verify\` to see what changed. Keep ${log} and its .head as evidence: move both aside, and cloudops starts a new log.`

function refuse(log: string, why: string): never {
  throw new AuditInvalidError(`the audit log ${log} ${why}; nothing was run`, { hint: verifyHint(log) })
}

/** The hash of the record with this seq, read backwards from the end of the file (a head is near the end). */
function hashAtSeq(log: string, seq: number): string | undefined {
  const fd = openSync(log, 'r')
  try {
    const size = fstatSync(fd).size
    // Stryker disable next-line ArithmeticOperator: the first read's size only: reads grow ×4 to the same answer
    for (let chunk = 64 * 1024; ; chunk *= 4) {
      const start = Math.max(0, size - chunk)
      // Stryker disable next-line ArithmeticOperator: a larger buffer only pads the last line (the tail, never the head's record) with NULs
      const buf = Buffer.alloc(size - start)
      readSync(fd, buf, 0, buf.length, start)
      const lines = buf.toString('utf8').split('\n')
      if (start > 0) lines.shift() // may be cut in the middle
      let oldest = Number.POSITIVE_INFINITY
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i] as string
        if (!line.trim()) continue
        let r: { seq?: unknown; hash?: unknown } | null // a `null` line parses: skip it like any non-record
        try {
          // Stryker disable BlockStatement: the catch below: emptied, r stays undefined and the line is skipped the same
          r = JSON.parse(line)
        } catch {
          // Stryker restore BlockStatement
          continue
        }
        if (r?.seq === seq) return typeof r.hash === 'string' ? r.hash : undefined
        if (typeof r?.seq === 'number') oldest = Math.min(oldest, r.seq)
      }
      if (start === 0 || oldest < seq) return undefined
    }
  } finally {
    closeSync(fd)
  }
}

export function checkAnchor(log: string, tail: Tail | undefined, key: SigningKey | undefined): void {
  const head = readHead(log)
  if (head === 'unreadable') refuse(log, 'has an unreadable head anchor')
  if (!tail) {
    if (head) refuse(log, 'is missing or empty but its head anchor exists')
    return
  }
  if (!head) {
    if (key) refuse(log, 'has records but no head anchor, though a signing key exists')
    return
  }
  if (key) {
    const signature = checkHeadSignature(head, key)
    if (signature !== 'valid')
      refuse(log, `has a head anchor whose signature is ${signature === 'unsigned' ? 'missing' : signature}`)
  }
  if (head.seq > tail.seq) refuse(log, `ends at seq ${tail.seq} but its head anchor says ${head.seq} (tail cut?)`)
  if (head.seq === tail.seq ? head.hash !== tail.hash : hashAtSeq(log, head.seq) !== head.hash) {
    refuse(log, `does not hold the record its head anchor signed at seq ${head.seq} (rewritten or cut?)`)
  }
}
