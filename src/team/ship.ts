// `audit ship`: every local record the stream lacks becomes a CloudEvent, published in batches with
// Nats-Msg-Id = the record's hash, acks awaited before the cursor moves. Records that fail local verification are
// not shipped: the ship stops at the first one. Where to resume is the larger of the local cursor and the last
// copy the stream holds for this host, so a ship killed anywhere resumes with no loss and no duplicate; a resend
// inside the stream's duplicate window is dropped by the server all the same.
import type { NatsConnection } from '@nats-io/transport-node'
import { logFiles } from '../audit/files.js'
import { readLines } from '../audit/lines.js'
import type { AuditRecord } from '../audit/record.js'
import { parseRecord } from '../audit/verify-record.js'
import type { SigningKey } from '../config/signing-key.js'
import { UsageError } from '../errors.js'
import { connectTeam, unreachable } from './connect.js'
import { readCursor, type ShipCursor, writeCursor } from './cursor.js'
import { cloudEventText, subjectFor } from './event.js'
import { AckedPublisher } from './publisher.js'
import { parseEvent } from './received.js'
import type { TeamSettings } from './settings.js'
import { recordsAfter, type Walk } from './since.js'
import { ensureStream } from './stream.js'

interface ShipResult {
  shipped: number
  already_shipped: number
  /** The last audit seq the stream holds for this host. */
  last_seq: number
}

interface ShipOutcome extends ShipResult {
  /** The first record that failed local verification, where the ship stopped. */
  stopped?: { seq: number | null; reason: string }
}

interface ShipOptions {
  log: string
  cursorFile: string
  /** Whose copies these are (the subject's last token); by default the host the log's first record names. */
  host?: string
  key?: SigningKey
  batchSize?: number
  connectTimeoutMs?: number
  /** A connection opened beforehand (auto_ship opens it while the run runs); the ship closes it. */
  connection?: Promise<NatsConnection>
  /** Aborting closes the connection: what was acked stays shipped, the rest waits for the next ship. */
  signal?: AbortSignal
  /** Called after each batch's acks (tests kill the server here). */
  onBatch?: (shippedSoFar: number) => void | Promise<void>
}

/** Where the stream is for this host: its last copy's seq and hash, validated, or undefined when it has none. */
export async function streamPosition(
  nc: NatsConnection,
  stream: string,
  subject: string,
): Promise<ShipCursor | undefined> {
  const { jetstreamManager } = await import('@nats-io/jetstream')
  const jsm = await jetstreamManager(nc)
  const last = await jsm.streams.getMessage(stream, { last_by_subj: subject })
  if (!last) return undefined
  const ev = parseEvent(last.data)
  if (typeof ev === 'string') {
    throw new UsageError(`the last message on ${subject} in stream ${stream} is not a cloudops audit copy: ${ev}`, {
      hint: 'Something else publishes on this subject; give this host its own subject space or stream (team.stream).',
    })
  }
  return { seq: ev.data.seq, hash: ev.data.hash }
}

/** The stream's copy must be of this log: a copy at a seq with another hash is another chain (a replaced log, or
 * another machine with the same host name). Found before anything is published. */
function otherChain(subject: string, seq: number): UsageError {
  return new UsageError(`the stream's copy on ${subject} differs from the local log at seq ${seq}`, {
    hint: 'Another machine ships under this host name, or the local log was replaced; use another stream, or ask the team to purge the subject.',
  })
}

/** The host that started the chain: its copies go on its own subject, whatever machine ships them. */
export function chainHost(log: string): string | undefined {
  for (const file of logFiles(log)) {
    for (const line of readLines(file)) {
      if (line.trim() === '') continue
      const host = (parseRecord(line)?.actor as { host?: unknown } | undefined)?.host
      return typeof host === 'string' ? host : undefined
    }
  }
  return undefined
}

export async function shipAudit(settings: TeamSettings, opts: ShipOptions): Promise<ShipOutcome> {
  const host = opts.host ?? chainHost(opts.log)
  if (host === undefined) return { shipped: 0, already_shipped: 0, last_seq: 0 }
  const subject = subjectFor(host)
  const key = `${settings.natsUrl}|${settings.stream}|${subject}`
  const nc = await (opts.connection ?? connectTeam(settings, opts.connectTimeoutMs))
  const abort = () => void nc.close()
  opts.signal?.addEventListener('abort', abort, { once: true })
  try {
    await ensureStream(nc, settings.stream)
    const publisher = await AckedPublisher.open(nc)
    const local = readCursor(opts.cursorFile, key)
    const remote = await streamPosition(nc, settings.stream, subject)
    const after = (remote?.seq ?? 0) > (local?.seq ?? 0) ? remote : local
    const result: ShipResult = { shipped: 0, already_shipped: 0, last_seq: after?.seq ?? 0 }
    const batchSize = opts.batchSize ?? 1000
    let batch: { record: AuditRecord; line: string }[] = []
    const flush = async () => {
      if (batch.length === 0) return
      const messages = batch.map(({ record, line }) => ({
        id: record.hash,
        data: cloudEventText(record, line, settings.ship),
      }))
      const acks = await publisher.send(subject, messages)
      for (const a of acks) a.duplicate ? result.already_shipped++ : result.shipped++
      const last = (batch[batch.length - 1] as { record: AuditRecord }).record
      writeCursor(opts.cursorFile, key, { seq: last.seq, hash: last.hash })
      result.last_seq = last.seq
      batch = []
      await opts.onBatch?.(result.shipped)
    }
    const walk: Walk = { skipped: 0 }
    for (const r of recordsAfter(opts.log, after, walk, opts.key)) {
      batch.push(r)
      if (batch.length >= batchSize) await flush()
    }
    if (walk.differs !== undefined) throw otherChain(subject, walk.differs)
    await flush()
    result.already_shipped += walk.skipped
    // Nothing new, but the stream was ahead of the cursor (a ship killed before its cursor write): catch up.
    if (after && after === remote && result.last_seq === remote.seq) writeCursor(opts.cursorFile, key, remote)
    return walk.problem ? { ...result, stopped: walk.problem } : result
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw unreachable(settings, err)
  } finally {
    opts.signal?.removeEventListener('abort', abort)
    await nc.close().catch(() => {})
  }
}
