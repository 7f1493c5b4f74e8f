// The head anchor <log>.head: the seq and hash of the last record, signed with the local Ed25519 key when
// there is one, so that a cut tail (or a deleted log) is caught by verify.
import { sign, verify } from 'node:crypto'
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { SigningKey } from '../config/signing-key.js'
import { canonicalJson } from '../util/hash.js'

export interface AuditHead {
  seq: number
  hash: string
  ts: string
  key_id?: string
  sig?: string
}

const headDomain = 'cloudops-audit-head-v1\0'
const signedBytes = (h: AuditHead) => Buffer.from(headDomain + canonicalJson({ seq: h.seq, hash: h.hash, ts: h.ts }))

export const headPath = (log: string) => `${log}.head`

export function writeHead(log: string, head: Omit<AuditHead, 'key_id' | 'sig'>, key?: SigningKey): void {
  const out: AuditHead = { ...head }
  if (key) {
    out.key_id = key.keyId
    out.sig = sign(null, signedBytes(out), key.privateKey).toString('base64')
  }
  const tmp = `${headPath(log)}.${process.pid}.tmp`
  try {
    writeFileSync(tmp, `${JSON.stringify(out)}\n`, { mode: 0o600 })
    renameSync(tmp, headPath(log))
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
}

export function readHead(log: string): AuditHead | undefined | 'unreadable' {
  const file = headPath(log)
  if (!existsSync(file)) return undefined
  try {
    // Stryker disable next-line StringLiteral: with no encoding it is a Buffer, and JSON.parse reads it as utf8 text
    const h = JSON.parse(readFileSync(file, 'utf8'))
    if (typeof h.seq !== 'number' || typeof h.hash !== 'string' || typeof h.ts !== 'string') return 'unreadable'
    return h as AuditHead
  } catch {
    return 'unreadable'
  }
}

export type HeadSignature = 'valid' | 'invalid' | 'unsigned' | 'unverifiable'

/** unverifiable: signed, but there is no local key to check it with. A signature by another key than the
 * local one is invalid: a forger would otherwise just name a key nobody has. */
export function checkHeadSignature(head: AuditHead, key?: SigningKey): HeadSignature {
  if (!head.sig || !head.key_id) return 'unsigned'
  if (!key) return 'unverifiable'
  if (key.keyId !== head.key_id) return 'invalid'
  try {
    return verify(null, signedBytes(head), key.publicKey, Buffer.from(head.sig, 'base64')) ? 'valid' : 'invalid'
  } catch {
    return 'invalid'
  }
}
