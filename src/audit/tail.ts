// Read the last lines of a file without reading the file: appends must stay cheap as the log grows, and
// `audit tail` must not read a year of records to print twenty.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

export function readLastLine(file: string): string | undefined {
  return readLastLines(file, 1)[0]
}

/** The last `count` non-empty lines, oldest first; reads back from the end in growing chunks until it has them. */
export function readLastLines(file: string, count: number): string[] {
  if (count <= 0) return []
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  try {
    const size = fstatSync(fd).size
    let chunk = 8192
    while (true) {
      const start = Math.max(0, size - chunk)
      const buf = Buffer.alloc(size - start)
      readSync(fd, buf, 0, buf.length, start)
      const lines = buf.toString('utf8').split('\n')
      // Read from the middle of the file, the first line is the end of one that began before the chunk.
      if (start > 0) lines.shift()
      const whole = lines.filter((l) => l.length > 0)
      if (whole.length >= count || start === 0) return whole.slice(-count)
      chunk *= 4
    }
  } finally {
    closeSync(fd)
  }
}
