// Reading the end of the log without reading the log: the last lines of a file, the last records across rotated
// files (audit tail), and a follower that reads only what was appended (audit tail -f), across a rotation too.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LogFollower } from '../../src/audit/follow.js'
import { lastRecords } from '../../src/audit/reader.js'
import { rotateAuditLog } from '../../src/audit/rotate.js'
import { readLastLine, readLastLines } from '../../src/audit/tail.js'
import { FileAuditSink, localActor } from '../../src/audit/writer.js'

let dir: string
let file: string
let log: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-tail-'))
  file = join(dir, 'lines.txt')
  mkdirSync(join(dir, 'state'))
  log = join(dir, 'state', 'audit.jsonl')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function append(...steps: number[]): Promise<void> {
  const sink = new FileAuditSink(log)
  for (const i of steps) await sink.append({ run_id: 'RUN1', kind: 'step_finished', data: { i } })
}
const stepsOf = (records: { data?: Record<string, unknown> }[]) => records.map((r) => r.data?.i ?? r.data)

describe('readLastLines', () => {
  it('the last lines, oldest first, however long they are (the chunk read back grows until it holds them)', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i}:${'é'.repeat(2000 + i)}`) // 4 KB each, two-byte chars
    writeFileSync(file, `${lines.join('\n')}\n`)
    expect(readLastLines(file, 3)).toEqual(lines.slice(-3))
    expect(readLastLines(file, 12)).toEqual(lines.slice(-12))
    expect(readLastLines(file, 100)).toEqual(lines)
    expect(readLastLine(file)).toBe(lines.at(-1))
  })

  it('a last line without its newline (torn) is a line; blank lines are none; nothing, or no file, is none', () => {
    writeFileSync(file, 'a\n\nb\n\nc-torn')
    expect(readLastLines(file, 2)).toEqual(['b', 'c-torn'])
    expect(readLastLine(file)).toBe('c-torn')
    writeFileSync(file, 'a\nb\n\n\n')
    expect(readLastLines(file, 1)).toEqual(['b'])
    writeFileSync(file, '')
    expect(readLastLines(file, 5)).toEqual([])
    expect(readLastLine(file)).toBeUndefined()
    expect(readLastLines(join(dir, 'none'), 5)).toEqual([])
    writeFileSync(file, 'a\nb\n')
    expect(readLastLines(file, 0)).toEqual([])
  })
})

describe('lastRecords', () => {
  it('reads back across a rotation: the live file’s records, then the rotated file’s, in order', async () => {
    await append(1, 2, 3, 4, 5)
    await rotateAuditLog(log, localActor())
    await append(6)
    const last = lastRecords(log, 3)
    expect(last.map((r) => r.kind)).toEqual(['step_finished', 'log_rotated', 'step_finished'])
    expect(stepsOf([last[0] ?? {}, last[2] ?? {}])).toEqual([5, 6])
    expect(last.map((r) => r.seq)).toEqual([5, 6, 7])
    expect(lastRecords(log, 50).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('a line that is no record is skipped and an older record shown in its place', async () => {
    await append(1, 2, 3, 4)
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    writeFileSync(log, `${[...lines.slice(0, 3), 'not json', lines[3]].join('\n')}\n`)
    expect(stepsOf(lastRecords(log, 2))).toEqual([3, 4])
  })
})

describe('LogFollower', () => {
  it('returns each record appended since the last poll once, and nothing when nothing was', async () => {
    await append(1, 2)
    const follower = new LogFollower(log)
    expect(follower.poll()).toEqual([])
    await append(3, 4)
    expect(stepsOf(follower.poll())).toEqual([3, 4])
    expect(follower.poll()).toEqual([])
    await append(5)
    expect(stepsOf(follower.poll())).toEqual([5])
    follower.close()
  })

  it('a record half written is returned once it is whole', async () => {
    await append(1)
    const follower = new LogFollower(log)
    await append(2)
    const whole = lastRecords(log, 1)
    const line = `${JSON.stringify(whole[0])}\n`
    // The same record again, written in two parts (a follower sees what another process is writing).
    appendFileSync(log, line.slice(0, 40))
    expect(stepsOf(follower.poll())).toEqual([2])
    appendFileSync(log, line.slice(40))
    expect(stepsOf(follower.poll())).toEqual([2])
    follower.close()
  })

  it('across a rotation: what the old file got before the move, then the new file from its start', async () => {
    await append(1)
    const follower = new LogFollower(log)
    await append(2)
    await rotateAuditLog(log, localActor())
    await append(3)
    const seen = follower.poll()
    expect(seen.map((r) => r.kind)).toEqual(['step_finished', 'log_rotated', 'step_finished'])
    expect(seen.map((r) => r.seq)).toEqual([2, 3, 4])
    await append(4)
    expect(stepsOf(follower.poll())).toEqual([4])
    follower.close()
  })

  it('a log not written yet is followed from its first record', async () => {
    const follower = new LogFollower(log)
    expect(follower.poll()).toEqual([])
    await append(1, 2)
    expect(stepsOf(follower.poll())).toEqual([1, 2])
    follower.close()
  })
})
