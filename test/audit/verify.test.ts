import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { headPath, readHead, writeHead } from '../../src/audit/head.js'
import { rotateAuditLog } from '../../src/audit/rotate.js'
import { verifyAuditLog } from '../../src/audit/verify.js'
import { FileAuditSink, localActor } from '../../src/audit/writer.js'
import { resolvePaths } from '../../src/config/paths.js'
import { ensureSigningKey, loadSigningKey, type SigningKey } from '../../src/config/signing-key.js'
import { validatorFor } from '../../src/schema/validator.js'

let dir: string
let log: string
let key: SigningKey
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-audit-'))
  log = join(dir, 'audit.jsonl')
  const paths = resolvePaths({ HOME: dir })
  ensureSigningKey(paths)
  key = loadSigningKey(paths) as SigningKey
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function writeLog(n: number, sink = new FileAuditSink(log, localActor(), key)) {
  for (let i = 0; i < n; i++) {
    await sink.append({ run_id: `run-${Math.floor(i / 3)}`, kind: 'step_finished', data: { step: `s${i}`, items: i } })
  }
  await sink.close()
}
const lines = () => readFileSync(log, 'utf8').trimEnd().split('\n')
const rewrite = (ls: string[]) => writeFileSync(log, `${ls.join('\n')}\n`)
const verify = () => verifyAuditLog(log, key)

describe('a valid log', () => {
  it('verifies: every record, contiguous seq, head matching and signed', async () => {
    await writeLog(10)
    const r = verify()
    // Ten records and the run's signed checkpoint.
    expect(r).toMatchObject({ valid: true, records: 11, first_invalid_seq: null, problems: [] })
    expect(r.head).toMatchObject({ seq: 11, signature: 'valid' })
    const records = lines().map((l) => JSON.parse(l))
    expect(records.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(records[10]).toMatchObject({ kind: 'checkpoint', data: { seq: 10, hash: records[9].hash } })
    expect(records[0].prev).toMatch(/^[0-9a-f]{64}$/) // a random log id, not nothing
    const validate = validatorFor('audit-record')
    for (const rec of records) expect(validate(rec), JSON.stringify(validate.errors)).toBe(true)
  })

  it('an empty state (no log, no head) is valid with 0 records', () => {
    expect(verify()).toMatchObject({ valid: true, records: 0 })
  })
})

describe('each corruption is caught with the right first invalid seq and reason', () => {
  const cases: [string, (ls: string[]) => string[] | undefined, number, RegExp][] = [
    [
      'an edited field',
      (ls) => ls.map((l, i) => (i === 4 ? l.replace('"items":4', '"items":5') : l)),
      5,
      /hash mismatch/,
    ],
    ['a deleted middle record', (ls) => ls.filter((_, i) => i !== 3), 5, /gap: expected seq 4, found 5/],
    [
      'two records swapped',
      (ls) => [ls[0], ls[2], ls[1], ...ls.slice(3)] as string[],
      3,
      /gap: expected seq 2, found 3/,
    ],
    ['a duplicated record', (ls) => [...ls.slice(0, 3), ls[2], ...ls.slice(3)] as string[], 3, /duplicate record/],
    [
      'a stripped hash field',
      (ls) => ls.map((l, i) => (i === 5 ? JSON.stringify((({ hash, ...rest }) => rest)(JSON.parse(l))) : l)),
      6,
      /missing field hash/,
    ],
    ['a garbage line', (ls) => [...ls.slice(0, 6), 'not json {', ...ls.slice(6)], 7, /unparseable line/],
    [
      'a version downgrade',
      (ls) => ls.map((l, i) => (i === 1 ? l.replace('"v":1', '"v":0') : l)),
      2,
      /unknown version 0/,
    ],
    ['a cut tail (caught by the head)', (ls) => ls.slice(0, 7), 11, /head mismatch: the log ends at seq 7/],
  ]
  it.each(cases)('%s', async (_name, corrupt, seq, reason) => {
    await writeLog(10)
    rewrite(corrupt(lines()) as string[])
    const r = verify()
    expect(r.valid).toBe(false)
    expect(r.first_invalid_seq).toBe(seq)
    expect(r.problems.find((p) => p.seq === seq)?.reason).toMatch(reason)
  })

  it('a re-hashed edit still breaks the chain (broken link)', async () => {
    await writeLog(6)
    const { sealRecord } = await import('../../src/audit/record.js')
    const ls = lines()
    const forged = JSON.parse(ls[2] as string)
    forged.data.items = 999
    delete forged.hash
    forged.prev = '0'.repeat(64)
    ls[2] = sealRecord(forged).line
    rewrite(ls)
    expect(verify()).toMatchObject({ valid: false, first_invalid_seq: 3 })
    expect(verify().problems[0]?.reason).toMatch(/broken link/)
  })

  it('a deleted log with its head present is invalid, never "valid because empty"', async () => {
    await writeLog(4)
    unlinkSync(log)
    const r = verify()
    expect(r).toMatchObject({ valid: false, records: 0, first_invalid_seq: 5 }) // 4 records and a checkpoint
    expect(r.problems[0]?.reason).toMatch(/log missing/)
    // That one problem: no "head mismatch" on top for a log that is not there to be read.
    expect(r.problems).toEqual([{ seq: 5, reason: 'log missing (its head anchor exists)' }])
  })

  it('a forged head signature is caught', async () => {
    await writeLog(4)
    const head = readHead(log) as { sig: string }
    writeFileSync(headPath(log), JSON.stringify({ ...head, sig: Buffer.alloc(64, 7).toString('base64') }))
    expect(verify().problems.map((p) => p.reason)).toContain('bad head signature')
  })

  it('a head re-signed by another key is caught', async () => {
    await writeLog(4)
    const other = resolvePaths({ HOME: join(dir, 'other') })
    ensureSigningKey(other)
    const h = readHead(log) as { seq: number; hash: string; ts: string }
    writeHead(log, { seq: h.seq, hash: h.hash, ts: h.ts }, loadSigningKey(other))
    expect(verify().problems.map((p) => p.reason)).toContain('bad head signature')
  })
})

describe('rotation', () => {
  it('continues the chain in a new file that verify follows', async () => {
    await writeLog(5)
    const r = await rotateAuditLog(log, localActor(), key)
    expect(r.seq).toBe(7) // 5 records, a checkpoint, then log_rotated
    await writeLog(3)
    const v = verify()
    expect(v).toMatchObject({ valid: true, records: 11 })
    expect(v.files.map((f) => f.split('/').pop())).toEqual(['audit.1.jsonl', 'audit.jsonl'])
  })

  it('catches a broken link across files', async () => {
    await writeLog(5)
    await rotateAuditLog(log, localActor(), key)
    const old = join(dir, 'audit.1.jsonl')
    const ls = readFileSync(old, 'utf8').trimEnd().split('\n')
    writeFileSync(old, `${ls.slice(0, 4).join('\n')}\n`)
    expect(verify()).toMatchObject({ valid: false, first_invalid_seq: 7 })
  })
})
