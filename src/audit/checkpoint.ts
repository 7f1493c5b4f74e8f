// Signed checkpoints: a `checkpoint` record signs the seq and hash of the record before it with the local key, at
// each run's end and every 1000 records. The chain's hashes are not keyed, so anyone can recompute them after an
// edit; these signatures cannot be recomputed without the key, wherever the head anchor is.
import { sign, verify } from 'node:crypto'
import type { SigningKey } from '../config/signing-key.js'
import { canonicalJson } from '../util/hash.js'

interface CheckpointData {
  seq: number
  hash: string
  key_id: string
  sig: string
}

const domain = 'cloudops-audit-checkpoint-v1\0'
const signed = (c: { seq: number; hash: string }) => Buffer.from(domain + canonicalJson({ seq: c.seq, hash: c.hash }))

export function signCheckpoint(tail: { seq: number; hash: string }, key: SigningKey): CheckpointData {
  return {
    seq: tail.seq,
    hash: tail.hash,
    key_id: key.keyId,
    sig: sign(null, signed(tail), key.privateKey).toString('base64'),
  }
}

/** valid / invalid, or unverifiable when there is no local key (another machine's log). */
export function checkCheckpoint(data: unknown, key?: SigningKey): 'valid' | 'invalid' | 'unverifiable' {
  const c = data as Partial<CheckpointData>
  if (typeof c?.seq !== 'number' || typeof c.hash !== 'string' || typeof c.sig !== 'string') return 'invalid'
  if (!key) return 'unverifiable'
  if (c.key_id !== key.keyId) return 'invalid'
  try {
    return verify(null, signed({ seq: c.seq, hash: c.hash }), key.publicKey, Buffer.from(c.sig, 'base64'))
      ? 'valid'
      : 'invalid'
  } catch {
    return 'invalid'
  }
}
