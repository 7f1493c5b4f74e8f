// The audit log writer: an exclusive lock around read-the-tail → append → fsync, so any number of
// processes appending at once leave one chain with no gap and no duplicate. It fails closed: when a record
// cannot be written, append throws and the caller runs nothing.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdir,
  mkdirSync,
  openSync,
  readSync,
  realpath,
  rmdir,
  rmdirSync,
  stat,
  utimes,
  writeSync,
} from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { dirname } from 'node:path'
import type { SigningKey } from '../config/signing-key.js'
import { AuditInvalidError, RuntimeError } from '../errors.js'
import { redact } from '../redact.js'
import { toolVersion } from '../version.js'
import { checkAnchor, type Tail } from './anchor.js'
import { signCheckpoint } from './checkpoint.js'
import { writeHead } from './head.js'
import { ageLockOfDeadOwner, forgetOwner, recordOwner } from './lock-owner.js'
import { AUDIT_VERSION, newLogId, sealRecord } from './record.js'
import { type AuditActor, type AuditEvent, type AuditSink, learnedActor } from './sink.js'
import { readLastLine } from './tail.js'

export function localActor(): AuditActor {
  return { user: userInfo().username, host: hostname(), tool_version: toolVersion() }
}

/** Defense in depth: every string that reaches the log goes through the one redaction function. */
function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map(redactDeep)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]))
  }
  return value
}

/** The file operations proper-lockfile makes (its `fs` option), rather than its default, graceful-fs. */
const lockFs = { mkdir, realpath, rmdir, stat, utimes }

const lockOptions = {
  fs: lockFs,
  realpath: false,
  stale: 10_000,
  // Stryker disable next-line BooleanLiteral: the jitter between retries: when a wait ends, not whether the lock is had
  retries: { retries: 2000, minTimeout: 1, maxTimeout: 20, randomize: true },
}

class AuditLogError extends RuntimeError {
  override name = 'AuditLogError'
}

function fail(log: string, what: string, cause?: unknown): never {
  // Stryker disable next-line OptionalChaining: every caller passes the error it caught, never undefined
  if ((cause as NodeJS.ErrnoException)?.code === 'ENOSPC') {
    throw new AuditLogError(`disk full: free space in ${dirname(log)}; nothing was run`, {
      hint: 'The audit log was left as it was before this run (no half-written record). Free some space and run again.',
      cause,
    })
  }
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  throw new AuditLogError(`cannot write the audit log ${log} (${what}${detail}); nothing was run`, {
    hint: 'Check the file and its directory are writable (`cloudops doctor`), and run `cloudops audit verify`.',
    cause,
  })
}

/** A last line that is not a whole record: what a crash or a full disk leaves. Only `audit repair` moves it. */
function torn(log: string, cause?: unknown): never {
  throw new AuditInvalidError(`the audit log ${log} ends in a torn record (a crash or a full disk); nothing was run`, {
    hint: 'Run `cloudops audit repair`: it moves the torn bytes to a file beside the log and records that it did.',
    cause,
  })
}

export function readTail(log: string): Tail | undefined {
  const line = readLastLine(log)
  if (line === undefined) return undefined
  const r = JSON.parse(line)
  if (typeof r.seq !== 'number' || typeof r.hash !== 'string') throw new Error('the last record is malformed')
  return { seq: r.seq, hash: r.hash }
}

/** The lock: a directory beside the log, made by whoever holds it, as proper-lockfile makes it (realpath: false). */
const lockDir = (log: string) => `${log}.lock`

async function acquire(log: string): Promise<() => void | Promise<void>> {
  // A lock nobody holds (the usual case) is taken as proper-lockfile takes it, with one mkdir, but here: synchronously,
  // and without what it adds for a lock held while the event loop turns (a timer refreshing its mtime, a probe of the
  // file system's mtime precision, signal-exit). A locked section is synchronous (withLogLock), so none of that could
  // run before it ends; a run's five or so records each save it.
  // Stryker disable next-line BlockStatement: skipping the first try, the lock is taken (or waited for) below the same way
  try {
    mkdirSync(lockDir(log))
    return () => rmdirSync(lockDir(log))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  // Held: by a process that died mid-append (take it now), or by a live one (wait, up to the stale timeout).
  ageLockOfDeadOwner(log, lockDir(log))
  const { lock } = await import('proper-lockfile')
  return lock(log, lockOptions)
}

/** Per log, the end of this process's last locked section: its appends take turns here, in the order they were
 * called, instead of contending for the file lock among themselves (and waiting out its retry delays). */
const turns = new Map<string, Promise<unknown>>()

/** fn under the log's lock: after this process's earlier sections on the log, and exclusive of other processes. It
 * is synchronous: nothing else of this process runs while it holds the lock, and it is over in moments. */
export async function withLogLock<T>(log: string, fn: () => T): Promise<T> {
  const mine = (turns.get(log) ?? Promise.resolve()).then(() => lockedSection(log, fn))
  const done = mine.catch(() => {}) // a failed section does not hold up the next one
  turns.set(log, done)
  try {
    return await mine
  } finally {
    if (turns.get(log) === done) turns.delete(log)
  }
}

async function lockedSection<T>(log: string, fn: () => T): Promise<T> {
  let release: () => void | Promise<void>
  try {
    mkdirSync(dirname(log), { recursive: true, mode: 0o700 })
    release = await acquire(log)
    recordOwner(log)
  } catch (err) {
    fail(log, 'lock', err)
  }
  try {
    return fn()
  } finally {
    forgetOwner(log)
    await release()
  }
}

/** Whether the file ends with a newline (or is empty): a record after anything else would join a torn line. */
function endsCleanly(log: string): boolean {
  let fd: number
  try {
    fd = openSync(log, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true
    throw err
  }
  try {
    const size = fstatSync(fd).size
    if (size === 0) return true
    const last = Buffer.alloc(1)
    readSync(fd, last, 0, 1, size - 1)
    return last[0] === 0x0a
  } finally {
    closeSync(fd)
  }
}

/** Append one line, whole or not at all: on any failure (a full disk) the file is cut back to its size before. */
export function appendLine(log: string, line: string): { undo(): void } {
  const fd = openSync(log, 'a', 0o600)
  const before = fstatSync(fd).size
  const undo = (handle: number) => {
    ftruncateSync(handle, before)
    fsyncSync(handle)
  }
  try {
    const bytes = Buffer.from(`${line}\n`)
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at)
    fsyncSync(fd)
  } catch (err) {
    try {
      undo(fd)
    } catch {}
    throw err
  } finally {
    closeSync(fd)
  }
  return {
    undo() {
      const again = openSync(log, 'r+')
      try {
        undo(again)
      } finally {
        closeSync(again)
      }
    },
  }
}

/** A signed checkpoint every this many records a sink writes, besides the one at each run's end. */
const checkpointEvery = 1000

export class FileAuditSink implements AuditSink {
  private lastRunId?: string
  private sinceCheckpoint = 0

  constructor(
    readonly log: string,
    private readonly actor: AuditActor = localActor(),
    private readonly key?: SigningKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(event: AuditEvent): Promise<void> {
    // Who the run acts as when the event happened, not when its turn to be written came.
    const learned = { ...learnedActor(event.run_id) }
    await withLogLock(this.log, () => this.appendLocked(event, learned))
    this.lastRunId = event.run_id
    if (++this.sinceCheckpoint >= checkpointEvery) await this.checkpoint()
  }

  private appendLocked(event: AuditEvent, learned = learnedActor(event.run_id)): Tail {
    let tail: Tail | undefined
    try {
      if (!endsCleanly(this.log)) torn(this.log)
      tail = readTail(this.log)
    } catch (err) {
      if (err instanceof AuditInvalidError) throw err
      torn(this.log, err)
    }
    checkAnchor(this.log, tail, this.key)
    const { record, line } = sealRecord({
      v: AUDIT_VERSION,
      seq: tail ? tail.seq + 1 : 1,
      ts: this.now().toISOString(),
      run_id: event.run_id,
      kind: event.kind,
      actor: { ...this.actor, ...learned, ...event.actor },
      data: redactDeep(event.data) as Record<string, unknown>,
      prev: tail ? tail.hash : newLogId(),
    })
    let written: { undo(): void }
    try {
      written = appendLine(this.log, line)
    } catch (err) {
      fail(this.log, 'append', err)
    }
    // The head follows every append, so the next writer can tell this log from a cut or rewritten one. A record
    // whose head could not be written is taken back: the append is all or nothing.
    try {
      writeHead(this.log, { seq: record.seq, hash: record.hash, ts: record.ts }, this.key)
    } catch (err) {
      written.undo()
      fail(this.log, 'head anchor', err)
    }
    // Stryker disable next-line ObjectLiteral: append and checkpoint discard the tail returned
    return { seq: record.seq, hash: record.hash }
  }

  /** A record that signs the one before it (seq and hash): a chain recomputed without the key cannot pass. */
  private async checkpoint(): Promise<Tail | undefined> {
    const key = this.key
    this.sinceCheckpoint = 0
    if (!key) return undefined
    return withLogLock(this.log, () => {
      const tail = readTail(this.log)
      if (!tail) return undefined
      return this.appendLocked({
        // Stryker disable next-line StringLiteral: a checkpoint follows an append, which sets lastRunId
        run_id: this.lastRunId ?? 'checkpoint',
        kind: 'checkpoint',
        data: { ...signCheckpoint(tail, key) },
      })
    })
  }

  /** At a run's end: a signed checkpoint over what this sink appended since the last one (closing twice adds
   * none). The head anchor already follows every append. */
  async close(): Promise<void> {
    if (this.sinceCheckpoint > 0) await this.checkpoint()
  }
}
