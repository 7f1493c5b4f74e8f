// The local Ed25519 key that signs saved plans and the audit head. Private key 0600 in a 0700 directory.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../errors.js'
import type { Paths } from './paths.js'

export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** First 16 hex chars of the SHA-256 of the public key (DER): says which key signed, reveals nothing. */
  keyId: string
}

export function signingKeyFiles(paths: Paths) {
  return { privateKey: join(paths.keysDir, 'signing.key'), publicKey: join(paths.keysDir, 'signing.pub') }
}

function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('hex').slice(0, 16)
}

/** Create the key pair if there is none. Returns true when a new key was written. */
export function ensureSigningKey(paths: Paths): boolean {
  const files = signingKeyFiles(paths)
  if (existsSync(files.privateKey)) return false
  mkdirSync(paths.keysDir, { recursive: true, mode: 0o700 })
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  writeFileSync(files.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' })
  writeFileSync(files.publicKey, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 })
  return true
}

/** The local key, or undefined when none exists. A private key readable by others is refused. */
export function loadSigningKey(paths: Paths): SigningKey | undefined {
  const files = signingKeyFiles(paths)
  if (!existsSync(files.privateKey)) return undefined
  const mode = statSync(files.privateKey).mode & 0o777
  if (mode & 0o077) {
    throw new UsageError(`signing key ${files.privateKey} is readable by others (mode ${mode.toString(8)})`, {
      hint: `Run \`chmod 600 ${files.privateKey}\`.`,
    })
  }
  const privateKey = createPrivateKey(readFileSync(files.privateKey))
  const publicKey = createPublicKey(privateKey)
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) }
}
