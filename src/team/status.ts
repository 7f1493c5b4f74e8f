// Where team mode stands, for `doctor`: the server reached, its audit stream, and how far this host's copies go.
// Read only: nothing is created or published (the first `audit ship` creates the stream).
import { lastRecords } from '../audit/reader.js'
import { UsageError } from '../errors.js'
import { connectTeam, unreachable } from './connect.js'
import { subjectFor } from './event.js'
import type { TeamSettings } from './settings.js'
import { chainHost, streamPosition } from './ship.js'

interface TeamStatus {
  /** The stream's message count, or undefined when it does not exist yet. */
  messages?: number
  /** The host whose copies this log's are (undefined for a log with no record yet). */
  host?: string
  /** The last seq the stream holds for that host (0: none). */
  shipped: number
  /** The local log's last seq (0: no record). */
  local: number
}

export async function teamStatus(settings: TeamSettings, log: string, timeoutMs: number): Promise<TeamStatus> {
  const host = chainHost(log)
  const local = lastRecords(log, 1)[0]?.seq ?? 0
  const nc = await connectTeam(settings, timeoutMs)
  try {
    const { jetstreamManager } = await import('@nats-io/jetstream')
    const jsm = await jetstreamManager(nc)
    const info = await jsm.streams.info(settings.stream).catch((err: Error) => {
      if (/not found/i.test(err.message)) return undefined
      throw err
    })
    if (!info) return { host, shipped: 0, local }
    const shipped = host ? ((await streamPosition(nc, settings.stream, subjectFor(host)))?.seq ?? 0) : 0
    return { messages: info.state.messages, host, shipped, local }
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw unreachable(settings, err)
  } finally {
    await nc.close().catch(() => {})
  }
}
