// `audit tail -f`: each poll reads only the bytes appended since the last one, so following costs what is written,
// not the size of the log. The file is held open, as `tail -F` does: when `audit rotate` moves it aside, what was
// appended to it before the move is still read, and then the new live file from its start.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { parseRecord } from './reader.js'
import type { AuditRecord } from './record.js'

const chunkSize = 1024 * 1024

export class LogFollower {
  private fd: number | undefined
  private offset = 0
  private partial = ''
  private decoder = new StringDecoder('utf8')
  private readonly buf = Buffer.alloc(chunkSize)

  /** Following from the log's end as it is now (or from the start of a log not yet written). */
  constructor(private readonly log: string) {
    this.fd = openIfThere(log)
    if (this.fd !== undefined) this.offset = fstatSync(this.fd).size
  }

  /** The records appended since the last poll, oldest first. */
  poll(): AuditRecord[] {
    this.fd ??= openIfThere(this.log)
    if (this.fd === undefined) return []
    const out = this.readToEnd(this.fd)
    if (this.rotated(this.fd)) {
      closeSync(this.fd)
      this.fd = openIfThere(this.log)
      this.offset = 0
      this.partial = ''
      this.decoder = new StringDecoder('utf8')
      if (this.fd !== undefined) out.push(...this.readToEnd(this.fd))
    }
    return out
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  private readToEnd(fd: number): AuditRecord[] {
    const out: AuditRecord[] = []
    while (true) {
      const n = readSync(fd, this.buf, 0, chunkSize, this.offset)
      if (n === 0) return out
      this.offset += n
      const lines = (this.partial + this.decoder.write(this.buf.subarray(0, n))).split('\n')
      // The last piece is a line still being written (or ''): it is completed by the next read.
      this.partial = lines.pop() ?? ''
      for (const line of lines) {
        const r = parseRecord(line)
        if (r) out.push(r)
      }
    }
  }

  /** Whether the path now names another file than the one held (moved aside by `audit rotate`). */
  private rotated(fd: number): boolean {
    try {
      return statSync(this.log).ino !== fstatSync(fd).ino
    } catch {
      return false // moved aside, its successor not written yet: read on from the one held
    }
  }
}

function openIfThere(file: string): number | undefined {
  try {
    return openSync(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}
