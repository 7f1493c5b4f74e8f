// The local cursor: the last record the stream acknowledged, per server, stream and host. Written only after
// the acks of a whole batch, so it never runs ahead of the stream; the stream's own last message is read at each
// ship's start too, so a ship killed between an ack and this write resumes exactly where the stream is.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface ShipCursor {
  seq: number
  hash: string
}

type Cursors = Record<string, ShipCursor>

export const cursorFile = (stateDir: string) => join(stateDir, 'team-ship-cursor.json')

function readAll(file: string): Cursors {
  if (!existsSync(file)) return {}
  try {
    const all = JSON.parse(readFileSync(file, 'utf8'))
    return all && typeof all === 'object' && !Array.isArray(all) ? all : {}
  } catch {
    // A torn cursor costs a re-read of the stream's last message, nothing more.
    return {}
  }
}

export function readCursor(file: string, key: string): ShipCursor | undefined {
  const c = readAll(file)[key]
  return c && typeof c.seq === 'number' && typeof c.hash === 'string' ? c : undefined
}

export function writeCursor(file: string, key: string, cursor: ShipCursor): void {
  const all = readAll(file)
  all[key] = cursor
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  // Whole or not at all (a rename), but not fsynced: a cursor lost in a crash costs one lookup of the stream's
  // last copy, never a record, so it is not worth a disk flush per batch.
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 })
  renameSync(tmp, file)
}
