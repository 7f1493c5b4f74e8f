// Verify the audit log in the manner of CloudTrail's validate-logs: every record's hash, the links between
// records and across rotated files, the sequence, and the head anchor with its signature. The report names
// the first invalid record and why.
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import type { SigningKey } from '../config/signing-key.js'
import { logFiles } from './files.js'
import { type AuditHead, checkHeadSignature, type HeadSignature, readHead } from './head.js'
import { readLines } from './lines.js'
import { type Previous, parseRecord, recordProblem } from './verify-record.js'

interface VerifyProblem {
  seq: number | null
  reason: string
  file?: string
}

interface VerifyReport {
  valid: boolean
  records: number
  first_invalid_seq: number | null
  problems: VerifyProblem[]
}

export interface VerifyDetails extends VerifyReport {
  files: string[]
  head: { seq: number; signature: HeadSignature; key_id?: string } | null
}

const maxProblems = 100

type Add = (p: VerifyProblem) => void

/** How far reading the files has got: the last record, what the head anchor is compared with, and the count. */
interface Walk extends Previous {
  records: number
  headSeen?: { hash: string }
  unparseableLast?: VerifyProblem
}

/** Checks one file's records in order, carrying the chain on from the file before it. */
function walkFile(file: string, w: Walk, head: AuditHead | undefined, key: SigningKey | undefined, add: Add): void {
  let position = 0
  for (const line of readLines(file)) {
    position++
    if (line.trim() === '') continue
    const expected = w.prevSeq + 1
    const r = parseRecord(line)
    if (!r) {
      w.unparseableLast = { seq: expected, reason: `unparseable line (line ${position})`, file: basename(file) }
      add(w.unparseableLast)
      w.prevSeq = expected
      w.prevHash = undefined
      continue
    }
    w.unparseableLast = undefined
    w.records++
    const seq = typeof r.seq === 'number' ? r.seq : expected
    const reason = recordProblem(line, r, seq, w, key)
    if (reason) add({ seq, reason, file: basename(file) })
    if (head && seq === head.seq) w.headSeen = { hash: String(r.hash) }
    w.prevSeq = seq
    w.prevHash = typeof r.hash === 'string' ? r.hash : undefined
  }
}

/** The head anchor: its signature, and that the log still holds the record it names. */
function checkHead(
  log: string,
  head: AuditHead,
  w: Walk,
  key: SigningKey | undefined,
  add: Add,
): VerifyDetails['head'] {
  const signature = checkHeadSignature(head, key)
  if (signature === 'invalid') add({ seq: head.seq, reason: 'bad head signature' })
  if (signature === 'unsigned' && key) {
    add({ seq: head.seq, reason: 'head anchor is unsigned although a signing key exists' })
  }
  if (existsSync(log)) {
    if (!w.headSeen)
      add({
        seq: head.seq,
        reason: `head mismatch: the log ends at seq ${w.prevSeq}, its head says ${head.seq} (tail cut?)`,
      })
    else if (w.headSeen.hash !== head.hash)
      add({ seq: head.seq, reason: 'head mismatch: hash differs from the record at that seq' })
  }
  return { seq: head.seq, signature, ...(head.key_id ? { key_id: head.key_id } : {}) }
}

export function verifyAuditLog(log: string, key?: SigningKey): VerifyDetails {
  const problems: VerifyProblem[] = []
  const add = (p: VerifyProblem) => {
    if (problems.length < maxProblems) problems.push(p)
  }
  const files = logFiles(log)
  const headRead = readHead(log)
  const head = headRead === 'unreadable' ? undefined : headRead

  if (headRead === 'unreadable') add({ seq: null, reason: 'head anchor unreadable', file: basename(`${log}.head`) })
  if (!existsSync(log) && head) add({ seq: head.seq, reason: 'log missing (its head anchor exists)' })

  const w: Walk = { records: 0, prevSeq: 0, prevHash: undefined }
  for (const file of files) walkFile(file, w, head, key, add)

  // The live file's last line, unreadable: what a crash or a full disk leaves, and what `audit repair` is for.
  if (w.unparseableLast && w.unparseableLast.file === basename(log)) {
    w.unparseableLast.reason = `torn last line (a crash or a full disk): \`cloudops audit repair\` sets it aside`
  }

  const headInfo = head ? checkHead(log, head, w, key, add) : null

  if (!head && headRead !== 'unreadable' && key && w.records > 0) {
    add({ seq: w.prevSeq, reason: 'no head anchor although a signing key exists (deleted?)' })
  }

  // The first invalid record is the first one met reading the files in order.
  const first = problems.find((p) => p.seq !== null)
  return {
    valid: problems.length === 0,
    records: w.records,
    first_invalid_seq: problems.length ? (first?.seq ?? null) : null,
    problems,
    files,
    head: headInfo,
  }
}

/** The contract's shape for `audit verify --json`, and nothing else. */
export function contractReport(d: VerifyDetails): VerifyReport {
  return {
    valid: d.valid,
    records: d.records,
    first_invalid_seq: d.first_invalid_seq,
    problems: d.problems.map(({ seq, reason }) => ({ seq, reason })),
  }
}
