// Verify the audit log in the manner of CloudTrail's validate-logs: every record's hash, the links between
// records and across rotated files, the sequence, and the head anchor with its signature. The report names
// the first invalid record and why.
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import type { SigningKey } from '../config/signing-key.js'
import { canonicalJson } from '../util/hash.js'
import { checkCheckpoint } from './checkpoint.js'
import { logFiles } from './files.js'
import { type AuditHead, checkHeadSignature, type HeadSignature, readHead } from './head.js'
import { readLines } from './lines.js'
import { AUDIT_VERSION, hashCanonical } from './record.js'

export interface VerifyProblem {
  seq: number | null
  reason: string
  file?: string
}

export interface VerifyReport {
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
const fields = ['v', 'seq', 'ts', 'run_id', 'kind', 'actor', 'data', 'prev', 'hash'] as const

/** The hash check, fast path first: a line written by us is canonical JSON, so the bytes that were hashed
 * are the line without its `"hash"` member. Anything else is re-canonicalized. */
function hashMatches(line: string, record: Record<string, unknown>): boolean {
  const member = `,"hash":"${record.hash}"`
  const at = line.indexOf(member)
  if (at !== -1 && hashCanonical(line.slice(0, at) + line.slice(at + member.length)) === record.hash) return true
  const { hash, ...rest } = record
  return hashCanonical(canonicalJson(rest)) === hash
}

export function verifyAuditLog(log: string, key?: SigningKey): VerifyDetails {
  const problems: VerifyProblem[] = []
  const add = (p: VerifyProblem) => {
    if (problems.length < maxProblems) problems.push(p)
  }
  const files = logFiles(log)
  const headRead = readHead(log)
  let records = 0
  let prevSeq = 0
  let prevHash: string | undefined
  let headSeen: { hash: string } | undefined
  const head = headRead === 'unreadable' ? undefined : headRead

  if (headRead === 'unreadable') add({ seq: null, reason: 'head anchor unreadable', file: basename(`${log}.head`) })
  if (!existsSync(log) && head) add({ seq: head.seq, reason: 'log missing (its head anchor exists)' })

  let unparseableLast: VerifyProblem | undefined
  for (const file of files) {
    let position = 0
    for (const line of readLines(file)) {
      position++
      if (line.trim() === '') continue
      const expected = prevSeq + 1
      let r: Record<string, unknown>
      try {
        r = JSON.parse(line)
        if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error()
      } catch {
        unparseableLast = { seq: expected, reason: `unparseable line (line ${position})`, file: basename(file) }
        add(unparseableLast)
        prevSeq = expected
        prevHash = undefined
        continue
      }
      unparseableLast = undefined
      records++
      const seq = typeof r.seq === 'number' ? r.seq : expected
      const problem = (reason: string) => add({ seq, reason, file: basename(file) })
      const missing = fields.filter((f) => !(f in r))
      if (r.v !== AUDIT_VERSION && 'v' in r) problem(`unknown version ${JSON.stringify(r.v)}`)
      else if (missing.length) problem(`missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
      else if (!hashMatches(line, r)) problem('hash mismatch: the record was altered')
      else if (seq === prevSeq && r.hash === prevHash) problem('duplicate record')
      else if (seq > expected) problem(`gap: expected seq ${expected}, found ${seq}`)
      else if (seq < expected) problem(`out of order: expected seq ${expected}, found ${seq}`)
      else if (prevHash !== undefined && r.prev !== prevHash)
        problem('broken link: prev does not match the previous record')
      else if (r.kind === 'checkpoint') {
        const c = r.data as { seq?: unknown; hash?: unknown }
        if (c?.seq !== prevSeq || c?.hash !== prevHash) problem('checkpoint does not sign the record before it')
        else if (checkCheckpoint(r.data, key) === 'invalid') problem('bad checkpoint signature')
      }
      if (head && seq === head.seq) headSeen = { hash: String(r.hash) }
      prevSeq = seq
      prevHash = typeof r.hash === 'string' ? r.hash : undefined
    }
  }

  // The live file's last line, unreadable: what a crash or a full disk leaves, and what `audit repair` is for.
  if (unparseableLast && unparseableLast.file === basename(log)) {
    unparseableLast.reason = `torn last line (a crash or a full disk): \`cloudops audit repair\` sets it aside`
  }

  let headInfo: VerifyDetails['head'] = null
  if (head) {
    const signature = checkHeadSignature(head as AuditHead, key)
    headInfo = { seq: head.seq, signature, ...(head.key_id ? { key_id: head.key_id } : {}) }
    if (signature === 'invalid') add({ seq: head.seq, reason: 'bad head signature' })
    if (signature === 'unsigned' && key) {
      add({ seq: head.seq, reason: 'head anchor is unsigned although a signing key exists' })
    }
    if (existsSync(log)) {
      if (!headSeen)
        add({
          seq: head.seq,
          reason: `head mismatch: the log ends at seq ${prevSeq}, its head says ${head.seq} (tail cut?)`,
        })
      else if (headSeen.hash !== head.hash)
        add({ seq: head.seq, reason: 'head mismatch: hash differs from the record at that seq' })
    }
  }

  if (!head && headRead !== 'unreadable' && key && records > 0) {
    add({ seq: prevSeq, reason: 'no head anchor although a signing key exists (deleted?)' })
  }

  // The first invalid record is the first one met reading the files in order.
  const first = problems.find((p) => p.seq !== null)
  return {
    valid: problems.length === 0,
    records,
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
