// What a ship sends: the records after the cursor, each verified from the last shipped record's hash.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AuditRecord } from '../../src/audit/record.js'
import { recordsAfter, type Walk } from '../../src/team/since.js'
import { writeAuditLog } from '../support/audit-log.js'

const dir = mkdtempSync(join(tmpdir(), 'cloudops-since-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
function log(count: number) {
  const file = join(dir, `audit-${n++}.jsonl`)
  return { file, records: writeAuditLog(file, count, { host: 'h' }) }
}
function walk(file: string, after?: AuditRecord) {
  const w: Walk = { skipped: 0 }
  const seqs = [...recordsAfter(file, after && { seq: after.seq, hash: after.hash }, w)].map((r) => r.record.seq)
  return { seqs, ...w }
}
const edit = (file: string, index: number, from: string, to: string) => {
  const lines = readFileSync(file, 'utf8').split('\n')
  lines[index] = (lines[index] as string).replace(from, to)
  writeFileSync(file, lines.join('\n'))
}

describe('records after the cursor', () => {
  it('all of a new log, or only what follows the cursor, the rest counted as skipped', () => {
    const { file, records } = log(10)
    expect(walk(file)).toEqual({ seqs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], skipped: 0 })
    expect(walk(file, records[6])).toEqual({ seqs: [8, 9, 10], skipped: 7 })
  })

  it('stops at a record altered after the cursor, and names it', () => {
    const { file, records } = log(10)
    edit(file, 8, '"status":"ok"', '"status":"failed"')
    expect(walk(file, records[3])).toMatchObject({
      seqs: [5, 6, 7, 8],
      problem: { seq: 9, reason: 'hash mismatch: the record was altered' },
    })
  })

  it('a record that does not link to the last shipped one is not shipped', () => {
    const { file, records } = log(5)
    const forged = { ...(records[2] as AuditRecord), hash: 'f'.repeat(64) }
    expect(walk(file, forged)).toMatchObject({ seqs: [], differs: 3 })
  })

  it('a cut tail (the head anchor names a later record) is a problem after the last record', () => {
    const { file } = log(8)
    const lines = readFileSync(file, 'utf8').split('\n')
    writeFileSync(file, `${lines.slice(0, 6).join('\n')}\n`)
    expect(walk(file)).toMatchObject({ seqs: [1, 2, 3, 4, 5, 6], problem: { seq: 8 } })
  })
})
