// Run ids sort by time and are unique across processes: 10 chars of millisecond time, 10 of randomness
// (Crockford base32, like a ULID).
import { randomBytes } from 'node:crypto'

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export function newRunId(now = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time
    t = Math.floor(t / 32)
  }
  const rand = [...randomBytes(10)].map((b) => alphabet[b % 32]).join('')
  return time + rand
}
