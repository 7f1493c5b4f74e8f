// `audit verify --from-stream --host H`: the chain as the team received it. Each copy is checked the way the
// local verifier checks a record (its hash, or for a metadata copy its copy_hash, then seq and link to the copy
// before it), so a gap, a reorder, a duplicate or an edit in the stream is named with its seq.
import type { NatsConnection } from '@nats-io/transport-node'
import { hashCanonical } from '../audit/record.js'
import { UsageError } from '../errors.js'
import { canonicalJson } from '../util/hash.js'
import { connectTeam, unreachable } from './connect.js'
import { copyHash, type ShippedRecord, subjectFor } from './event.js'
import { parseEvent } from './received.js'
import type { TeamSettings } from './settings.js'

interface StreamProblem {
  seq: number | null
  reason: string
}

interface StreamVerifyReport {
  valid: boolean
  records: number
  first_invalid_seq: number | null
  problems: StreamProblem[]
}

const maxProblems = 100

/** Whether the copy is what was shipped: the record hash where nothing was dropped, else the copy hash. */
function copyIntact(d: ShippedRecord): boolean {
  if (d.redacted !== undefined) {
    const { copy_hash, ...rest } = d
    return copyHash(rest) === copy_hash
  }
  const { hash, ...rest } = d
  return hashCanonical(canonicalJson(rest)) === hash
}

/** The chain checker, one copy at a time in stream order. */
export function streamChecker() {
  const problems: StreamProblem[] = []
  const add = (p: StreamProblem) => problems.length < maxProblems && problems.push(p)
  let prevSeq = 0
  let prevHash: string | undefined
  let records = 0
  return {
    check(bytes: Uint8Array, streamSeq: number) {
      const ev = parseEvent(bytes)
      if (typeof ev === 'string') {
        add({ seq: null, reason: `stream message ${streamSeq}: ${ev}` })
        return
      }
      records++
      const d = ev.data
      const expected = prevSeq + 1
      let reason: string | undefined
      if (!copyIntact(d)) reason = 'hash mismatch: the copy was altered'
      else if (d.seq === prevSeq && d.hash === prevHash) reason = 'duplicate copy'
      else if (d.seq > expected) reason = `gap: expected seq ${expected}, found ${d.seq}`
      else if (d.seq < expected) reason = `out of order: expected seq ${expected}, found ${d.seq}`
      else if (prevHash !== undefined && d.prev !== prevHash)
        reason = 'broken link: prev does not match the copy before it'
      if (reason) add({ seq: d.seq, reason })
      prevSeq = Math.max(prevSeq, d.seq)
      prevHash = d.hash
    },
    report(): StreamVerifyReport {
      const first = problems.find((p) => p.seq !== null)
      return {
        valid: problems.length === 0,
        records,
        first_invalid_seq: problems.length ? (first?.seq ?? null) : null,
        problems,
      }
    },
  }
}

/** The hosts that have copies in the stream, for the hint when --host names none. */
async function hostsIn(nc: NatsConnection, stream: string): Promise<string[]> {
  const { jetstreamManager } = await import('@nats-io/jetstream')
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info(stream, { subjects_filter: 'cloudops.audit.>' })
  return Object.keys(info.state.subjects ?? {}).map((s) => s.slice('cloudops.audit.'.length))
}

export async function verifyFromStream(settings: TeamSettings, host: string): Promise<StreamVerifyReport> {
  const subject = subjectFor(host)
  const nc = await connectTeam(settings)
  try {
    const { jetstream, jetstreamManager } = await import('@nats-io/jetstream')
    const jsm = await jetstreamManager(nc)
    const info = await jsm.streams.info(settings.stream, { subjects_filter: subject }).catch((err: Error) => {
      if (/not found/i.test(err.message)) {
        throw new UsageError(`the team has no stream ${settings.stream}`, {
          hint: 'Run `cloudops audit ship` first, or check team.stream.',
        })
      }
      throw err
    })
    const count = info.state.subjects?.[subject] ?? 0
    if (count === 0) {
      const hosts = await hostsIn(nc, settings.stream)
      throw new UsageError(`stream ${settings.stream} holds no audit copies from host ${host}`, {
        hint: hosts.length ? `Hosts in the stream: ${hosts.slice(0, 10).join(', ')}.` : 'Nothing was shipped yet.',
      })
    }
    const checker = streamChecker()
    const consumer = await jetstream(nc).consumers.get(settings.stream, { filter_subjects: [subject] })
    const messages = await consumer.consume({ max_messages: 1000 })
    for await (const m of messages) {
      checker.check(m.data, m.seq)
      if (m.info.pending === 0) break
    }
    await messages.close()
    return checker.report()
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw unreachable(settings, err)
  } finally {
    await nc.close().catch(() => {})
  }
}
