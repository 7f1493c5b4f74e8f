// The CLI bundle's V8 code cache, made after a run (load-cli.ts): Node's own compile cache is made when a file is
// compiled, before it runs, so it holds only what V8 compiles eagerly and each run compiles every function it calls
// again (~9 ms of an offline dry run on Node 24; Node 20 has no compile cache at all: bench/RESULTS.md).
// Under the cache dir, code/<build>/<node>-<arch>-<word>.bin: one directory per build of the bundle (V8 itself checks
// only that the source has the same length), and one entry per command word, each with the functions its runs use.
// The newest few builds keep theirs (writeEntry): installs of two versions used in turn do not evict each other.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { isOwnPrivateFile } from '../util/own-file.js'

interface CacheEntry {
  /** code/<build id>-<size>-<mtime>: a bundle rebuilt, reinstalled or edited gets a directory of its own. */
  dir: string
  file: string
}

export function cacheEntry(
  cacheDir: string,
  bundle: { build: string; size: number; mtimeMs: number },
  word: string,
): CacheEntry {
  const dir = join(cacheDir, 'code', `${bundle.build}-${bundle.size}-${Math.trunc(bundle.mtimeMs)}`)
  return { dir, file: join(dir, `${process.version}-${process.arch}-${word}.bin`) }
}

/** The entry's bytes; undefined when there is none or it is not a file only this user could have written. */
export function readEntry(entry: CacheEntry): Buffer | undefined {
  let fd: number
  try {
    fd = openSync(entry.file, 'r')
  } catch {
    return undefined
  }
  try {
    return isOwnPrivateFile(fstatSync(fd)) ? readFileSync(fd) : undefined
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

/** Besides this build, the other builds whose entries are kept (the newest written): two installs run in turn (a
 * global one and a project's) each keep theirs, and a developer's rebuilds do not pile up. */
const otherBuildsKept = 3

/** Writes the entry whole (a temporary file, then a rename) and removes all but the newest other builds' entries; a
 * cache that cannot be written is only slower. */
export function writeEntry(entry: CacheEntry, data: Buffer): void {
  try {
    mkdirSync(entry.dir, { recursive: true, mode: 0o700 })
    const tmp = `${entry.file}.${process.pid}.tmp`
    writeFileSync(tmp, data, { mode: 0o600 })
    renameSync(tmp, entry.file)
    const code = join(entry.dir, '..')
    const others = readdirSync(code)
      .map((build) => join(code, build))
      .filter((dir) => dir !== entry.dir)
      .map((dir) => ({ dir, written: statSync(dir).mtimeMs }))
      .sort((a, b) => b.written - a.written)
    for (const { dir } of others.slice(otherBuildsKept)) rmSync(dir, { recursive: true, force: true })
  } catch {}
}
