// The audit log writer: an exclusive lock around read-the-tail → append → fsync, so any number of
// processes appending at once leave one chain with no gap and no duplicate. It fails closed: when a record
// cannot be written, append throws and the caller runs nothing.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { dirname } from 'node:path'
import { lock } from 'proper-lockfile'
import type { SigningKey } from '../config/signing-key.js'
import { RuntimeError } from '../errors.js'
import { redact } from '../redact.js'
import { toolVersion } from '../version.js'
import { checkAnchor, type Tail } from './anchor.js'

export type { Tail } from './anchor.js'

import { signCheckpoint } from './checkpoint.js'
import { writeHead } from './head.js'
import { AUDIT_VERSION, newLogId, sealRecord } from './record.js'
import { type AuditActor, type AuditEvent, type AuditSink, learnedActor } from './sink.js'
import { readLastLine } from './tail.js'

export function localActor(): AuditActor {
  return { user: userInfo().username, host: hostname(), tool_version: toolVersion() }
}

/** Defense in depth: every string that reaches the log goes through the one redaction function. */
export function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map(redactDeep)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]))
  }
  return value
}

const lockOptions = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 2000, minTimeout: 1, maxTimeout: 20, randomize: true },
}

export class AuditLogError extends RuntimeError {
  override name = 'AuditLogError'
}

function fail(log: string, what: string, cause?: unknown): never {
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  throw new AuditLogError(`cannot write the audit log ${log} (${what}${detail}); nothing was run`, {
    hint: 'Check the file and its directory are writable (`cloudops doctor`), and run `cloudops audit verify`.',
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

export async function withLogLock<T>(log: string, fn: () => T | Promise<T>): Promise<T> {
  let release: () => Promise<void>
  try {
    mkdirSync(dirname(log), { recursive: true, mode: 0o700 })
    release = await lock(log, lockOptions)
  } catch (err) {
    fail(log, 'lock', err)
  }
  try {
    return await fn()
  } finally {
    await release()
  }
}

export function appendLine(log: string, line: string): void {
  const fd = openSync(log, 'a', 0o600)
  try {
    writeSync(fd, `${line}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** A signed checkpoint every this many records a sink writes, besides the one at each run's end. */
const checkpointEvery = 1000

export class FileAuditSink implements AuditSink {
  private wrote = false
  private lastRunId?: string
  private sinceCheckpoint = 0

  constructor(
    readonly log: string,
    private readonly actor: AuditActor = localActor(),
    private readonly key?: SigningKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(event: AuditEvent): Promise<void> {
    await withLogLock(this.log, () => this.appendLocked(event))
    this.lastRunId = event.run_id
    if (this.key && ++this.sinceCheckpoint >= checkpointEvery) await this.checkpoint()
  }

  private appendLocked(event: AuditEvent): Tail {
    let tail: Tail | undefined
    try {
      tail = readTail(this.log)
    } catch (err) {
      fail(this.log, 'its last record is unreadable', err)
    }
    checkAnchor(this.log, tail, this.key)
    const { record, line } = sealRecord({
      v: AUDIT_VERSION,
      seq: tail ? tail.seq + 1 : 1,
      ts: this.now().toISOString(),
      run_id: event.run_id,
      kind: event.kind,
      actor: { ...this.actor, ...learnedActor(event.run_id), ...event.actor },
      data: redactDeep(event.data) as Record<string, unknown>,
      prev: tail ? tail.hash : newLogId(),
    })
    try {
      appendLine(this.log, line)
    } catch (err) {
      fail(this.log, 'append', err)
    }
    this.wrote = true
    // The head follows every append, so the next writer can tell this log from a cut or rewritten one.
    writeHead(this.log, { seq: record.seq, hash: record.hash, ts: record.ts }, this.key)
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
        run_id: this.lastRunId ?? 'checkpoint',
        kind: 'checkpoint',
        data: { ...signCheckpoint(tail, key) },
      })
    })
  }

  /** At a run's end: a signed checkpoint (the head anchor already follows every append). */
  async close(): Promise<void> {
    if (this.wrote) await this.checkpoint()
  }
}
