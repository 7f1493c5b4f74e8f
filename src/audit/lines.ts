// Stream a file's lines in large chunks: verify reads millions of records without holding the file.
import { closeSync, openSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'

export function* readLines(file: string, chunkSize = 4 * 1024 * 1024): Generator<string> {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(chunkSize)
    const decoder = new StringDecoder('utf8') // a character split across chunks stays whole
    let rest = ''
    while (true) {
      const n = readSync(fd, buf, 0, chunkSize, null)
      if (n === 0) break
      const text = rest + decoder.write(buf.subarray(0, n))
      let start = 0
      let nl = text.indexOf('\n', start)
      while (nl !== -1) {
        yield text.slice(start, nl)
        start = nl + 1
        nl = text.indexOf('\n', start)
      }
      rest = text.slice(start)
    }
    if (rest.length) yield rest
  } finally {
    closeSync(fd)
  }
}
