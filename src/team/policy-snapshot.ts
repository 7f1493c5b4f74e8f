// A team policy snapshot: the policy file's exact bytes, its sha256, who signed it and when, signed with Ed25519.
// What comes back from the bucket is untrusted: its shape, its hash, its signer (one of team.trusted_keys) and its
// signature are all checked before the policy is even parsed.
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import type { SigningKey } from '../config/signing-key.js'
import { UsageError } from '../errors.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'

const format = 'cloudops-policy-snapshot-v1'
const domain = `${format}\0`
// An Ed25519 SubjectPublicKeyInfo is this prefix and the 32-byte raw key.
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex')

interface PolicySnapshot {
  format: typeof format
  name: string
  policy: string
  sha256: string
  signed_at: string
  public_key: string
  signature: string
}

type Unsigned = Omit<PolicySnapshot, 'signature'>

const signedBytes = (s: Unsigned) =>
  Buffer.from(
    domain +
      canonicalJson({
        format: s.format,
        name: s.name,
        policy: s.policy,
        sha256: s.sha256,
        signed_at: s.signed_at,
        public_key: s.public_key,
      }),
  )

/** The raw 32-byte Ed25519 public key, in hex: what team.trusted_keys lists. */
export function publicKeyHex(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).subarray(spkiPrefix.length).toString('hex')
}

/** The key id cloudops uses elsewhere (plans, the audit head): 16 hex of the SHA-256 of the key's DER. */
export function keyIdOfHex(hex: string): string {
  return sha256Hex(Buffer.concat([spkiPrefix, Buffer.from(hex, 'hex')])).slice(0, 16)
}

function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([spkiPrefix, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' })
}

export function signSnapshot(name: string, policy: string, key: SigningKey, now = new Date()): PolicySnapshot {
  const unsigned: Unsigned = {
    format,
    name,
    policy,
    sha256: sha256Hex(policy),
    signed_at: now.toISOString(),
    public_key: publicKeyHex(key.publicKey),
  }
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString('base64') }
}

const refused = (name: string, why: string, hint: string) =>
  new UsageError(`team policy "${name}" refused: ${why}`, { hint })

const hex64 = /^[0-9a-f]{64}$/
const str = (v: unknown): v is string => typeof v === 'string'

/** The snapshot, checked; or a usage error (exit 2) saying why it is refused. */
export function checkSnapshot(name: string, bytes: Uint8Array, trustedKeys: readonly string[]): PolicySnapshot {
  let s: Partial<PolicySnapshot>
  try {
    s = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw refused(name, 'not a policy snapshot (not JSON)', 'Publish it again with `cloudops policy publish`.')
  }
  if (!s || typeof s !== 'object' || s.format !== format || !str(s.policy) || !str(s.sha256) || !str(s.signed_at))
    throw refused(name, 'not a cloudops policy snapshot', 'Publish it again with `cloudops policy publish`.')
  if (s.name !== name) throw refused(name, `it is named "${String(s.name)}"`, 'Publish it again under its name.')
  if (!str(s.signature) || !str(s.public_key) || s.signature === '')
    throw refused(name, 'it is unsigned', 'Only `cloudops policy publish` snapshots, signed, are accepted.')
  if (sha256Hex(s.policy) !== s.sha256)
    throw refused(name, 'its policy does not match its sha256 (altered)', 'Publish it again from the original file.')
  if (!hex64.test(s.public_key) || !trustedKeys.includes(s.public_key))
    throw refused(
      name,
      `signed by key ${s.public_key.slice(0, 16)}…, which is not in team.trusted_keys`,
      'Add the publisher’s key (printed by `policy publish`) to team.trusted_keys, if you trust it.',
    )
  let ok = false
  try {
    ok = verify(null, signedBytes(s as Unsigned), publicKeyFromHex(s.public_key), Buffer.from(s.signature, 'base64'))
  } catch {
    ok = false
  }
  if (!ok)
    throw refused(name, 'its signature does not verify (forged or altered)', 'Ask the publisher to publish it again.')
  return s as PolicySnapshot
}
