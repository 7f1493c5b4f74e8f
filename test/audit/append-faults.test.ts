// The append at the file-system boundary: what the writer asks of node:fs when it appends a record. node:fs is
// wrapped (every call goes to the real one) so that a test can see the fsyncs and inject a short or failing write;
// the writer and the log are real.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const faults = vi.hoisted(() => ({
  /** Bytes the next writes may write at most (a short write), or an error code the next write fails with. */
  maxWrite: Number.POSITIVE_INFINITY,
  failWriteAfter: undefined as number | undefined,
  failCode: 'ENOSPC',
  written: 0,
  fsynced: [] as number[],
}))

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const wrapped = {
    ...fs,
    writeSync: ((fd: number, buffer: Buffer, offset: number) => {
      if (faults.failWriteAfter !== undefined && faults.written >= faults.failWriteAfter) {
        throw Object.assign(new Error(`${faults.failCode}: injected, write`), { code: faults.failCode })
      }
      const room =
        faults.failWriteAfter === undefined ? Number.POSITIVE_INFINITY : faults.failWriteAfter - faults.written
      const length = Math.min(buffer.length - offset, faults.maxWrite, room)
      const n = fs.writeSync(fd, buffer, offset, length)
      faults.written += n
      return n
    }) as typeof fs.writeSync,
    fsyncSync: (fd: number) => {
      faults.fsynced.push(fd)
      return fs.fsyncSync(fd)
    },
  }
  return { ...wrapped, default: wrapped }
})

const { FileAuditSink } = await import('../../src/audit/writer.js')
const { verifyAuditLog } = await import('../../src/audit/verify.js')

let dir: string
let log: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-append-faults-'))
  log = join(dir, 'audit.jsonl')
  Object.assign(faults, { maxWrite: Number.POSITIVE_INFINITY, failWriteAfter: undefined, written: 0, fsynced: [] })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const event = { run_id: 'r', kind: 'step_finished' as const, data: { note: 'x'.repeat(500) } }

describe('an append', () => {
  it('is fsynced before it returns', async () => {
    await new FileAuditSink(log).append(event)
    expect(faults.fsynced.length).toBeGreaterThan(0)
  })

  it('written a few bytes at a time (short writes) is still one whole record', async () => {
    faults.maxWrite = 7
    const sink = new FileAuditSink(log)
    await sink.append(event)
    await sink.append(event)
    expect(verifyAuditLog(log)).toMatchObject({ valid: true, records: 2 })
  })

  it('cut short by a full disk is taken back whole, and fsynced so: the log is as it was', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event)
    const before = readFileSync(log, 'utf8')
    faults.written = 0
    faults.failWriteAfter = 100 // part of the next record reaches the file, then the disk is full
    faults.fsynced = []
    const err = await sink.append(event).catch((e: unknown) => e)
    expect(err).toMatchObject({ message: `disk full: free space in ${dir}; nothing was run` })
    expect(readFileSync(log, 'utf8')).toBe(before)
    expect(faults.fsynced.length).toBeGreaterThan(0) // the cut back is made durable too
    faults.failWriteAfter = undefined
    await sink.append(event)
    expect(verifyAuditLog(log)).toMatchObject({ valid: true, records: 2 })
  })

  it('failing for another reason says it was the append that failed, and why', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event)
    faults.failCode = 'EIO'
    faults.written = 0
    faults.failWriteAfter = 0
    const err = await sink.append(event).catch((e: unknown) => e)
    faults.failCode = 'ENOSPC'
    expect((err as Error).message).toBe(
      `cannot write the audit log ${log} (append: EIO: injected, write); nothing was run`,
    )
  })
})
