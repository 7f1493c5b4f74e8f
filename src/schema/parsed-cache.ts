// config.yaml as last parsed: its JSON, beside the sha256 of the text it came from, under the cache dir. Every
// command reads config.yaml, and parsing YAML costs ~10 ms of start-up (loading the parser and its first run,
// bench/RESULTS.md); an unchanged file is read from here instead. One entry per file, so the cache does not grow. It
// holds what the file holds, no more (config.yaml holds no secret: keys come from the environment or a 0600 file),
// and what is read from it is checked against the schema again, like the file itself.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { sha256Hex } from '../util/hash.js'
import { isOwnPrivateFile } from '../util/own-file.js'
import { writeFileAtomic } from '../util/safe-write.js'

interface Entry {
  sha256: string
  data: unknown
}

const entryFile = (dir: string, file: string) => join(dir, 'parsed', `${sha256Hex(file)}.json`)

/**
 * The data cached for `file` when it was last parsed from this very text; undefined when there is none, the text
 * changed, or the entry is not one only this user could have written.
 */
export function cachedParse(dir: string, file: string, text: string): unknown {
  let fd: number
  try {
    fd = openSync(entryFile(dir, file), 'r')
  } catch {
    return undefined
  }
  try {
    if (!isOwnPrivateFile(fstatSync(fd))) return undefined
    const entry = JSON.parse(readFileSync(fd, 'utf8')) as Partial<Entry>
    return entry.sha256 === sha256Hex(text) ? entry.data : undefined
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

/**
 * Remembers what `text` (the content of `file`) parsed to, if JSON holds it as it is (YAML's .inf would come back as
 * null); a cache that cannot be written is only slower.
 */
export function rememberParse(dir: string, file: string, text: string, data: unknown): void {
  try {
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(data)), data)) return
    mkdirSync(join(dir, 'parsed'), { recursive: true, mode: 0o700 })
    writeFileAtomic(entryFile(dir, file), JSON.stringify({ sha256: sha256Hex(text), data } satisfies Entry))
  } catch {}
}
