// Writing a file a user named (`plan --out`, config.yaml): checked before any work is recorded, written whole or not
// at all (a temporary file in the same directory, then a rename), with the mode asked for, and never through a
// symbolic link: a link at the path is refused, and a link that appears later is replaced, never followed.
import { randomBytes } from 'node:crypto'
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { RuntimeError, UsageError } from '../errors.js'

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code

/**
 * Refuses, as a usage error (exit 2) naming the path and the fix, a path a file cannot safely be written to: an
 * existing symbolic link, directory or other non-regular file, a directory that does not exist, or one that cannot
 * be written. `flag` names where the path came from ("--out"), for the hint.
 */
export function checkWritableFile(path: string, flag: string): void {
  const abs = resolve(path)
  const dir = dirname(abs)
  let existing: ReturnType<typeof lstatSync> | undefined
  try {
    existing = lstatSync(abs)
  } catch (err) {
    if (codeOf(err) !== 'ENOENT' && codeOf(err) !== 'ENOTDIR') throw cannotWrite(path, err)
  }
  if (existing?.isSymbolicLink()) {
    throw new UsageError(`${flag} ${path} is a symbolic link; cloudops does not write through links`, {
      hint: `Remove the link, or pass ${flag} the path of a regular file.`,
    })
  }
  if (existing?.isDirectory()) {
    throw new UsageError(`${flag} ${path} is a directory`, {
      hint: `Pass ${flag} a file path, e.g. ${flag} ${join(path, 'plan.json')}.`,
    })
  }
  if (existing && !existing.isFile()) {
    throw new UsageError(`${flag} ${path} is not a regular file`, { hint: `Pass ${flag} the path of a regular file.` })
  }
  let dirStat: ReturnType<typeof statSync>
  try {
    dirStat = statSync(dir)
  } catch (err) {
    if (codeOf(err) === 'ENOENT') {
      throw new UsageError(`cannot write ${path}: directory ${dir} does not exist`, {
        hint: `Create it (\`mkdir -p ${dir}\`), or pass ${flag} a path in an existing directory.`,
      })
    }
    throw new UsageError(`cannot write ${path}: ${dir} is not a usable directory (${codeOf(err) ?? 'error'})`, {
      hint: `Pass ${flag} a path in a directory you can write to.`,
    })
  }
  if (!dirStat.isDirectory()) {
    throw new UsageError(`cannot write ${path}: ${dir} is not a directory`, {
      hint: `Pass ${flag} a path in an existing directory.`,
    })
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK)
  } catch {
    throw new UsageError(`cannot write ${path}: directory ${dir} is not writable`, {
      hint: `Pass ${flag} a path in a directory you can write to.`,
    })
  }
}

function cannotWrite(path: string, err: unknown): UsageError | RuntimeError {
  const code = codeOf(err)
  const why = err instanceof Error ? err.message : String(err)
  if (code && ['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP'].includes(code)) {
    return new UsageError(`cannot write ${path}: ${why}`, { hint: 'Choose a path in a directory you can write to.' })
  }
  return new RuntimeError(`could not write ${path}: ${why}`, {
    hint: 'Check free space and the file system, then run again.',
    cause: err,
  })
}

/**
 * Writes `data` to `path` atomically with `mode` (default 0600, whatever the umask): a new temporary file beside it
 * (O_EXCL|O_NOFOLLOW), fsynced, then renamed over `path`. A reader sees the old file or the new one, never half.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const abs = resolve(path)
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let fd: number | undefined
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode)
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let off = 0
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off)
    fchmodSync(fd, mode)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(tmp, abs)
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd)
      } catch {}
    }
    try {
      unlinkSync(tmp)
    } catch {}
    throw cannotWrite(path, err)
  }
  syncDirectory(dirname(abs))
}

/** Makes the rename durable; best effort (some file systems refuse to fsync a directory). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY)
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {}
}
