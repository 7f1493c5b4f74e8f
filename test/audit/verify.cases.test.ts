// The verifier's cases a mutation review found untested: a forged last record that chains but does not match the
// head, bare JSON values as lines, a corrupt head file, and the exact `audit verify --json` report. Logs are written
// by the real writer, then edited the way a forger or a crash would.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { headPath, readHead, writeHead } from '../../src/audit/head.js'
import { hashCanonical, sealRecord } from '../../src/audit/record.js'
import { rotateAuditLog } from '../../src/audit/rotate.js'
import { contractReport, verifyAuditLog } from '../../src/audit/verify.js'
import { parseRecord, recordProblem } from '../../src/audit/verify-record.js'
import { FileAuditSink, localActor } from '../../src/audit/writer.js'
import { resolvePaths } from '../../src/config/paths.js'
import { ensureSigningKey, loadSigningKey, type SigningKey } from '../../src/config/signing-key.js'
import { AuditInvalidError } from '../../src/errors.js'
import { validatorFor } from '../../src/schema/validator.js'
import { canonicalJson } from '../../src/util/hash.js'

let dir: string
let log: string
let key: SigningKey
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-verify-cases-'))
  log = join(dir, 'audit.jsonl')
  const paths = resolvePaths({ HOME: dir })
  ensureSigningKey(paths)
  key = loadSigningKey(paths) as SigningKey
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const sink = (signed: boolean) => new FileAuditSink(log, localActor(), signed ? key : undefined)

/** n step records (and, when signed, the run's closing checkpoint). */
async function writeLog(n: number, signed: boolean) {
  const s = sink(signed)
  for (let i = 0; i < n; i++) await s.append({ run_id: 'run-1', kind: 'step_finished', data: { step: `s${i}` } })
  await s.close()
}
const lines = () => readFileSync(log, 'utf8').trimEnd().split('\n')
const rewrite = (ls: string[]) => writeFileSync(log, `${ls.join('\n')}\n`)
const verifyWith = (signed: boolean) => verifyAuditLog(log, signed ? key : undefined)

/** The record re-sealed after an edit: its own hash and its link to the record before it both check out. */
function reseal(line: string, edit: (r: Record<string, unknown>) => void): string {
  const { hash: _old, ...record } = JSON.parse(line)
  edit(record)
  return sealRecord(record).line
}

describe('a valid log', () => {
  it.each([
    ['signed', true, 4],
    ['unsigned', false, 3],
  ])('%s: valid, every record counted, no problem, and the contract report is exactly that', async (_n, signed, n) => {
    await writeLog(3, signed)
    const details = verifyWith(signed)
    expect(details).toMatchObject({ valid: true, records: n, first_invalid_seq: null, problems: [] })
    expect(details.head).toEqual(
      signed ? { seq: n, signature: 'valid', key_id: key.keyId } : { seq: n, signature: 'unsigned' },
    )
    expect(contractReport(details)).toEqual({ valid: true, records: n, first_invalid_seq: null, problems: [] })
  })
})

describe('a forged last record that chains but is not what the head signed', () => {
  it('unsigned log: the last step record re-sealed with other data is a head mismatch, and nothing else', async () => {
    await writeLog(3, false)
    const ls = lines()
    ls[2] = reseal(ls[2] as string, (r) => {
      r.data = { step: 'nothing to see' }
    })
    rewrite(ls)
    const r = verifyWith(false)
    expect(r).toMatchObject({ valid: false, records: 3, first_invalid_seq: 3 })
    expect(r.problems).toEqual([{ seq: 3, reason: 'head mismatch: hash differs from the record at that seq' }])
  })

  it('signed log: the closing checkpoint re-sealed with another time is a head mismatch, and nothing else', async () => {
    await writeLog(3, true)
    const ls = lines()
    ls[3] = reseal(ls[3] as string, (r) => {
      r.ts = '2000-01-01T00:00:00.000Z' // the checkpoint's data, and so its signature, are untouched
    })
    rewrite(ls)
    const r = verifyWith(true)
    expect(r).toMatchObject({ valid: false, records: 4, first_invalid_seq: 4 })
    expect(r.problems).toEqual([{ seq: 4, reason: 'head mismatch: hash differs from the record at that seq' }])
  })

  it('the writer refuses to append after it', async () => {
    await writeLog(3, true)
    const ls = lines()
    ls[3] = reseal(ls[3] as string, (r) => {
      r.ts = '2000-01-01T00:00:00.000Z'
    })
    rewrite(ls)
    const before = readFileSync(log, 'utf8')
    const append = sink(true).append({ run_id: 'run-2', kind: 'run_started', data: {} })
    await expect(append).rejects.toThrowError(AuditInvalidError)
    await expect(sink(true).append({ run_id: 'run-2', kind: 'run_started', data: {} })).rejects.toThrowError(
      /does not hold the record its head anchor signed at seq 4/,
    )
    expect(readFileSync(log, 'utf8')).toBe(before)
  })
})

describe('a line that is JSON but not a record', () => {
  it.each(['null', '[]', '42', '"text"', 'true'])(
    '%s in the middle: reported at its seq, not a crash',
    async (bare) => {
      await writeLog(5, false)
      const ls = lines()
      ls[2] = bare // where seq 3 was
      rewrite(ls)
      const r = verifyWith(false)
      expect(r).toMatchObject({ valid: false, records: 4, first_invalid_seq: 3 })
      expect(r.problems).toEqual([{ seq: 3, reason: 'unparseable line (line 3)', file: 'audit.jsonl' }])
    },
  )

  it('null as the last line: a torn last line, and the head no longer found', async () => {
    await writeLog(3, false)
    rewrite([...lines().slice(0, 2), 'null'])
    const r = verifyWith(false)
    expect(r).toMatchObject({ valid: false, records: 2, first_invalid_seq: 3 })
    expect(r.problems).toEqual([
      {
        seq: 3,
        reason: 'torn last line (a crash or a full disk): `cloudops audit repair` sets it aside',
        file: 'audit.jsonl',
      },
      { seq: 3, reason: 'head mismatch: the log ends at seq 3, its head says 3 (tail cut?)' },
    ])
  })

  it('null after the head: the writer skips it like any non-record (no TypeError), and verify reports it', async () => {
    await writeLog(2, false)
    const ls = lines()
    // The head stays at seq 2 (as a crash between the append and the head leaves it); a null line and a
    // well-chained record 3 follow it.
    const prev = JSON.parse(ls[1] as string) as { hash: string }
    const third = reseal(ls[1] as string, (r) => {
      r.seq = 3
      r.prev = prev.hash
    })
    appendFileSync(log, `null\n${third}\n`)
    await sink(false).append({ run_id: 'run-2', kind: 'run_started', data: {} })
    const r = verifyWith(false)
    expect(r).toMatchObject({ valid: false, records: 4, first_invalid_seq: 3 })
    expect(r.problems).toEqual([
      { seq: 3, reason: 'unparseable line (line 3)', file: 'audit.jsonl' },
      { seq: 3, reason: 'out of order: expected seq 4, found 3', file: 'audit.jsonl' },
    ])
  })
})

describe('a corrupt head file', () => {
  it.each([
    ['not JSON', '{"seq": 3, "hash'],
    ['null', 'null'],
    ['a seq that is a string', '{"seq":"3","hash":"00","ts":"2026-01-01T00:00:00Z"}'],
    ['no hash', '{"seq":3,"ts":"2026-01-01T00:00:00Z"}'],
  ])('%s: reported as unreadable, and only that', async (_name, text) => {
    await writeLog(3, true)
    writeFileSync(headPath(log), text)
    expect(readHead(log)).toBe('unreadable')
    const r = verifyWith(true)
    expect(r).toMatchObject({ valid: false, records: 4, first_invalid_seq: null, head: null })
    expect(r.problems).toEqual([{ seq: null, reason: 'head anchor unreadable', file: 'audit.jsonl.head' }])
  })

  it('the writer refuses to append while the head is unreadable', async () => {
    await writeLog(3, true)
    writeFileSync(headPath(log), 'garbage')
    await expect(sink(true).append({ run_id: 'run-2', kind: 'run_started', data: {} })).rejects.toThrowError(
      /has an unreadable head anchor; nothing was run/,
    )
  })
})

describe('the --json report', () => {
  const validate = validatorFor('audit-verify')

  async function reportFor(corrupt: () => void) {
    await writeLog(3, true)
    corrupt()
    return contractReport(verifyWith(true))
  }

  it.each([
    ['a valid log', () => {}],
    ['a corrupt head (seq null)', () => writeFileSync(headPath(log), 'garbage')],
    ['a null line', () => rewrite(lines().map((l, i) => (i === 1 ? 'null' : l)))],
    ['a cut tail', () => rewrite(lines().slice(0, 2))],
  ])('%s: matches schemas/audit-verify.schema.json', async (_name, corrupt) => {
    const report = await reportFor(corrupt)
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
    expect(Object.keys(report).sort()).toEqual(['first_invalid_seq', 'problems', 'records', 'valid'])
    for (const p of report.problems) expect(Object.keys(p).sort()).toEqual(['reason', 'seq'])
  })

  it('is exactly the verifier’s verdict, without the file names or the head', async () => {
    const report = await reportFor(() => rewrite(lines().map((l, i) => (i === 1 ? 'null' : l))))
    expect(report).toEqual({
      valid: false,
      records: 3,
      first_invalid_seq: 2,
      // Only the null line: record 3 has no record before it to link to, and the checkpoint signs record 3.
      problems: [{ seq: 2, reason: 'unparseable line (line 2)' }],
    })
  })

  it('the schema refuses the verifier’s details (the shape the report must not leak)', async () => {
    await writeLog(3, true)
    expect(validate(verifyWith(true))).toBe(false)
  })
})

describe('lines the verifier skips or counts', () => {
  it('blank and whitespace-only lines are skipped: the log still verifies, every record counted', async () => {
    await writeLog(3, false)
    const [a, b, c] = lines() as [string, string, string]
    rewrite([a, '', '   \t', b, c])
    expect(verifyWith(false)).toMatchObject({ valid: true, records: 3, first_invalid_seq: null, problems: [] })
  })

  it('a garbage line is named by its line number in the file, blank lines included', async () => {
    await writeLog(2, false)
    const [a, b] = lines() as [string, string]
    rewrite([a, '', b, ' ', 'not json {'])
    const r = verifyWith(false)
    expect(r.problems[0]).toEqual({
      seq: 3,
      reason: 'torn last line (a crash or a full disk): `cloudops audit repair` sets it aside',
      file: 'audit.jsonl',
    })
    rewrite([a, '', 'not json {', ' ', b])
    expect(verifyWith(false).problems[0]).toEqual({ seq: 2, reason: 'unparseable line (line 3)', file: 'audit.jsonl' })
  })

  it('an unparseable last line of a rotated file is not a torn line (only the live file’s is)', async () => {
    await writeLog(3, false)
    await rotateAuditLog(log, localActor())
    appendFileSync(join(dir, 'audit.1.jsonl'), 'not json {\n')
    const r = verifyWith(false)
    expect(r).toMatchObject({ valid: false, records: 4, first_invalid_seq: 4 })
    expect(r.problems).toEqual([
      { seq: 4, reason: 'unparseable line (line 4)', file: 'audit.1.jsonl' },
      { seq: 4, reason: 'out of order: expected seq 5, found 4', file: 'audit.jsonl' },
    ])
    // With the live file gone, that line is the last one read: still not the live file's torn line.
    unlinkSync(log)
    expect(verifyWith(false).problems).toEqual([
      { seq: 4, reason: 'log missing (its head anchor exists)' },
      { seq: 4, reason: 'unparseable line (line 4)', file: 'audit.1.jsonl' },
    ])
  })

  it('reports at most 100 problems, the first 100 in order', () => {
    writeFileSync(log, `${Array.from({ length: 150 }, (_, i) => `garbage ${i}`).join('\n')}\n`)
    const r = verifyWith(false)
    expect(r).toMatchObject({ valid: false, records: 0, first_invalid_seq: 1 })
    expect(r.problems).toHaveLength(100)
    expect(r.problems[99]).toEqual({ seq: 100, reason: 'unparseable line (line 100)', file: 'audit.jsonl' })
  })

  it('100 problems exactly are all reported', () => {
    writeFileSync(log, `${Array.from({ length: 99 }, (_, i) => `garbage ${i}`).join('\n')}\n`)
    expect(verifyWith(false).problems).toHaveLength(99)
    writeFileSync(log, `${Array.from({ length: 100 }, (_, i) => `garbage ${i}`).join('\n')}\n`)
    expect(verifyWith(false).problems).toHaveLength(100)
  })
})

describe('fields of the wrong type', () => {
  it.each([
    ['a string', '"2"'],
    ['null', 'null'],
    ['an object', '{"n":2}'],
  ])('a seq that is %s, re-sealed so its hash checks out: reported at the seq it stands in for', async (_n, json) => {
    await writeLog(3, false)
    const ls = lines()
    ls[1] = reseal(ls[1] as string, (r) => {
      r.seq = JSON.parse(json)
    })
    rewrite(ls)
    const r = verifyWith(false)
    // Record 3 follows seq 2 (no gap, no disorder); its link is to the hash the record had before the re-seal.
    expect(r).toMatchObject({ valid: false, records: 3, first_invalid_seq: 2 })
    expect(r.problems).toEqual([
      { seq: 2, reason: `seq ${json} is not a number`, file: 'audit.jsonl' },
      { seq: 3, reason: 'broken link: prev does not match the previous record', file: 'audit.jsonl' },
    ])
  })

  it('a hash that is not a string: a hash mismatch, and the next record is not blamed for a link nobody can check', async () => {
    await writeLog(3, false)
    const ls = lines()
    ls[1] = JSON.stringify({ ...JSON.parse(ls[1] as string), hash: 12345 })
    rewrite(ls)
    const r = verifyWith(false)
    expect(r).toMatchObject({ valid: false, records: 3, first_invalid_seq: 2 })
    expect(r.problems).toEqual([{ seq: 2, reason: 'hash mismatch: the record was altered', file: 'audit.jsonl' }])
  })

  it('a hash replaced by the next record’s: a hash mismatch there, a broken link after it (not a duplicate)', async () => {
    await writeLog(3, false)
    const ls = lines()
    const third = JSON.parse(ls[2] as string) as { hash: string }
    ls[1] = JSON.stringify({ ...JSON.parse(ls[1] as string), hash: third.hash })
    rewrite(ls)
    expect(verifyWith(false).problems).toEqual([
      { seq: 2, reason: 'hash mismatch: the record was altered', file: 'audit.jsonl' },
      { seq: 3, reason: 'broken link: prev does not match the previous record', file: 'audit.jsonl' },
    ])
  })

  it('two missing fields are both named, in the record’s field order', async () => {
    await writeLog(2, false)
    const ls = lines()
    const { hash: _h, prev: _p, ...rest } = JSON.parse(ls[1] as string)
    ls[1] = JSON.stringify(rest)
    rewrite(ls)
    expect(verifyWith(false).problems[0]).toEqual({ seq: 2, reason: 'missing fields prev, hash', file: 'audit.jsonl' })
  })
})

describe('the record hash', () => {
  it('is over the canonical form: a log whose lines were re-serialized in another key order still verifies', async () => {
    await writeLog(3, false)
    const reordered = lines().map((l) => {
      const r = JSON.parse(l) as Record<string, unknown>
      return JSON.stringify(Object.fromEntries(Object.entries(r).reverse()))
    })
    expect(reordered[0]).not.toBe(lines()[0])
    rewrite(reordered)
    expect(verifyWith(false)).toMatchObject({ valid: true, records: 3, problems: [] })
  })

  it('is checked against the line’s own bytes first: a line hashed exactly as written verifies, one byte off does not', async () => {
    await writeLog(1, false)
    const canonical = lines()[0] as string
    const { hash, ...rest } = JSON.parse(canonical) as Record<string, unknown>
    const member = `,"hash":"${hash}"`
    const at = canonical.indexOf(member)
    // The same record written with a space the canonical form has not, and hashed over exactly those bytes.
    const asWritten = `{ ${canonical.slice(1, at)}${canonical.slice(at + member.length)}`
    const own = hashCanonical(asWritten)
    expect(own).not.toBe(hashCanonical(canonicalJson(rest))) // so only the bytes on disk can vouch for it
    const line = `${asWritten.slice(0, at + 1)},"hash":"${own}"${asWritten.slice(at + 1)}`
    const r = parseRecord(line) as Record<string, unknown>
    expect(r).toEqual({ ...rest, hash: own })
    const prev = { prevSeq: 0, prevHash: undefined }
    expect(recordProblem(line, r, 1, prev)).toBeUndefined()
    const edited = line.replace('{ ', '{  ')
    expect(recordProblem(edited, parseRecord(edited) as Record<string, unknown>, 1, prev)).toBe(
      'hash mismatch: the record was altered',
    )
  })
})

describe('a checkpoint record', () => {
  let ls: string[]
  let before: { seq: number; hash: string }
  beforeEach(async () => {
    await writeLog(3, true)
    ls = lines()
    before = JSON.parse(ls[2] as string)
  })
  const problemOf = (line: string, withKey = true) =>
    recordProblem(
      line,
      parseRecord(line) as Record<string, unknown>,
      4,
      { prevSeq: 3, prevHash: before.hash },
      withKey ? key : undefined,
    )
  const forged = (edit: (data: Record<string, unknown>) => unknown) =>
    reseal(ls[3] as string, (r) => {
      r.data = edit({ ...(r.data as Record<string, unknown>) })
    })

  it('the genuine one passes, with the key and without it (unverifiable is not invalid)', () => {
    expect(JSON.parse(ls[3] as string)).toMatchObject({ kind: 'checkpoint', data: { seq: 3, hash: before.hash } })
    expect(problemOf(ls[3] as string)).toBeUndefined()
    expect(problemOf(ls[3] as string, false)).toBeUndefined()
  })

  it.each([
    ['names another seq (its hash right)', (d: Record<string, unknown>) => ({ ...d, seq: 2 })],
    ['names another hash (its seq right)', (d: Record<string, unknown>) => ({ ...d, hash: '0'.repeat(64) })],
    ['has no data at all (null)', () => null],
    ['has data that is not an object', () => 'signed'],
  ])('one that %s does not sign the record before it, with or without the key', (_n, edit) => {
    const line = forged(edit)
    expect(problemOf(line)).toBe('checkpoint does not sign the record before it')
    expect(problemOf(line, false)).toBe('checkpoint does not sign the record before it')
  })

  it('one with a forged signature is a bad signature with the key, and unverifiable (passed) without it', () => {
    const line = forged((d) => ({ ...d, sig: Buffer.alloc(64, 7).toString('base64') }))
    expect(problemOf(line)).toBe('bad checkpoint signature')
    expect(problemOf(line, false)).toBeUndefined()
  })

  it('one without a signature is a bad signature, with or without the key', () => {
    const line = forged(({ sig: _s, ...d }) => d)
    expect(problemOf(line)).toBe('bad checkpoint signature')
    expect(problemOf(line, false)).toBe('bad checkpoint signature')
  })

  it('in the log: the verifier reports it at its seq', () => {
    ls[3] = forged((d) => ({ ...d, seq: 2 }))
    rewrite(ls)
    expect(verifyWith(true).problems[0]).toEqual({
      seq: 4,
      reason: 'checkpoint does not sign the record before it',
      file: 'audit.jsonl',
    })
  })

  it('a record of another kind whose data looks like a checkpoint is not held to one', () => {
    const line = reseal(ls[3] as string, (r) => {
      r.kind = 'step_finished'
      r.data = { seq: 99, hash: 'x' }
    })
    expect(problemOf(line)).toBeUndefined()
  })
})

describe('the head anchor against the key', () => {
  it('an unsigned head is a problem when a signing key exists', async () => {
    await writeLog(3, true)
    const h = readHead(log) as { seq: number; hash: string; ts: string }
    writeHead(log, { seq: h.seq, hash: h.hash, ts: h.ts })
    const r = verifyWith(true)
    expect(r).toMatchObject({ valid: false, records: 4, first_invalid_seq: 4, head: { seq: 4, signature: 'unsigned' } })
    expect(r.problems).toEqual([{ seq: 4, reason: 'head anchor is unsigned although a signing key exists' }])
  })

  it('a signed head without the key to check it is unverifiable, not a problem', async () => {
    await writeLog(3, true)
    const r = verifyWith(false)
    expect(r).toMatchObject({ valid: true, records: 4, problems: [] })
    expect(r.head).toEqual({ seq: 4, signature: 'unverifiable', key_id: key.keyId })
  })

  it('no head although a signing key exists: reported at the last seq; without the key it is valid', async () => {
    await writeLog(3, true)
    unlinkSync(headPath(log))
    const r = verifyWith(true)
    expect(r).toMatchObject({ valid: false, records: 4, first_invalid_seq: 4, head: null })
    expect(r.problems).toEqual([{ seq: 4, reason: 'no head anchor although a signing key exists (deleted?)' }])
    expect(verifyWith(false)).toMatchObject({ valid: true, records: 4, problems: [], head: null })
  })

  it('an empty log with a key and no head is valid: nothing was written yet', () => {
    writeFileSync(log, '')
    expect(verifyWith(true)).toMatchObject({ valid: true, records: 0, problems: [], head: null })
  })

  it('the first invalid seq skips the unreadable head (seq null) for the first record problem', async () => {
    await writeLog(3, true)
    writeFileSync(headPath(log), 'garbage')
    rewrite(lines().map((l, i) => (i === 1 ? 'not json {' : l)))
    const r = verifyWith(true)
    expect(r.problems.map((p) => p.seq)).toEqual([null, 2])
    expect(r.first_invalid_seq).toBe(2)
  })
})
