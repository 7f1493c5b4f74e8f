// Read the last line of a file without reading the file: appends must stay cheap as the log grows.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

export function readLastLine(file: string): string | undefined {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    const size = fstatSync(fd).size
    let chunk = 8192
    while (true) {
      const start = Math.max(0, size - chunk)
      const buf = Buffer.alloc(size - start)
      readSync(fd, buf, 0, buf.length, start)
      const text = buf.toString('utf8').replace(/\n+$/, '')
      const nl = text.lastIndexOf('\n')
      if (nl >= 0) return text.slice(nl + 1)
      if (start === 0) return text.length ? text : undefined
      chunk *= 4
    }
  } finally {
    closeSync(fd)
  }
}
