// The verifier's cases a mutation review found untested: a forged last record that chains but does not match the
// head, bare JSON values as lines, a corrupt head file, and the exact `audit verify --json` report. Logs are written
// by the real writer, then edited the way a forger or a crash would.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { headPath, readHead } from '../../src/audit/head.js'
import { sealRecord } from '../../src/audit/record.js'
import { contractReport, verifyAuditLog } from '../../src/audit/verify.js'
import { FileAuditSink, localActor } from '../../src/audit/writer.js'
import { resolvePaths } from '../../src/config/paths.js'
import { ensureSigningKey, loadSigningKey, type SigningKey } from '../../src/config/signing-key.js'
import { AuditInvalidError } from '../../src/errors.js'
import { validatorFor } from '../../src/schema/validator.js'

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
