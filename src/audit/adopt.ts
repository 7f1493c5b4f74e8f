// A signing key created after the audit log already had records (runs made before `config init`): the log is
// verified as it is, and only if it verifies is its head signed with the new key. From then on the writer refuses
// an unsigned or missing head, so adopting is the one moment an unsigned head is trusted, and it is said aloud.
import { existsSync } from 'node:fs'
import type { SigningKey } from '../config/signing-key.js'
import { readHead, writeHead } from './head.js'
import { verifyAuditLog } from './verify.js'
import { readTail, withLogLock } from './writer.js'

export type Adoption = 'no-log' | 'already-signed' | 'signed' | 'does-not-verify'

export async function adoptAuditLog(log: string, key: SigningKey): Promise<Adoption> {
  if (!existsSync(log)) return 'no-log'
  return withLogLock(log, () => {
    const head = readHead(log)
    if (head && head !== 'unreadable' && head.sig) return 'already-signed'
    if (!verifyAuditLog(log).valid) return 'does-not-verify'
    const tail = readTail(log)
    if (!tail) return 'no-log'
    writeHead(log, { ...tail, ts: new Date().toISOString() }, key)
    return 'signed'
  })
}
