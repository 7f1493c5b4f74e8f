// auto_ship: after a run, ship what is new, within a short bound. It never changes the run's exit code and never
// delays it past the bound: a failure or a timeout is one line, and the next run (or `audit ship`) catches up,
// since the cursor only moves on acks.
import type { NatsConnection } from '@nats-io/transport-node'
import type { SigningKey } from '../config/signing-key.js'
import { connectTeam, noteLingeringSocket } from './connect.js'
import type { TeamSettings } from './settings.js'
import { shipAudit } from './ship.js'

export const autoShipBoundMs = 2000

/** Started when the run starts: the client loaded and the connection made while the run does its work, so what
 * is left when it ends is the publishing. A failure here is the ship's failure, said when the run ends. */
export function prepareAutoShip(settings: TeamSettings, boundMs = autoShipBoundMs): Promise<NatsConnection> {
  const connection = connectTeam(settings, boundMs)
  connection.catch(() => {})
  void import('@nats-io/jetstream').catch(() => {})
  return connection
}

/** Ships; returns the notice to print, or undefined when all went well. Never throws. */
export async function autoShip(
  settings: TeamSettings,
  opts: { log: string; cursorFile: string; key?: SigningKey; connection?: Promise<NatsConnection> },
  boundMs = autoShipBoundMs,
): Promise<string | undefined> {
  const ac = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      noteLingeringSocket()
      ac.abort()
      resolve('timeout')
    }, boundMs)
  })
  // The connection's own timeout is the bound too, so nothing of the ship outlives it.
  const ship = shipAudit(settings, { ...opts, connectTimeoutMs: boundMs, signal: ac.signal })
  ship.catch(() => {}) // a ship that loses the race ends on its own; its error is not the run's
  try {
    const r = await Promise.race([ship, timedOut])
    if (r === 'timeout')
      return `auto_ship: no answer from ${settings.natsUrl} within ${boundMs} ms; the next run ships the rest`
    if (r.stopped)
      return `auto_ship: stopped at seq ${r.stopped.seq}, which fails local verification; run \`cloudops audit verify\``
    return undefined
  } catch (err) {
    const line = (err instanceof Error ? err.message : String(err)).split('\n')[0]
    return `auto_ship: ${line}; the next run ships the rest`
  } finally {
    clearTimeout(timer)
  }
}
