// A saved plan's integrity: `hash` over the canonical JSON of everything but itself and the signature, and an
// Ed25519 signature of that hash with the local key, so an edited plan is caught before anything runs.
import { sign, verify } from 'node:crypto'
import type { SigningKey } from '../config/signing-key.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import type { UnsealedPlan } from './build.js'
import type { Plan } from './types.js'

export function planHash(plan: UnsealedPlan | Plan): string {
  const { hash: _h, signature: _s, ...rest } = plan as Plan
  return sha256Hex(canonicalJson(rest))
}

export function sealPlan(plan: UnsealedPlan, key?: SigningKey): Plan {
  const hash = planHash(plan)
  const signature = key
    ? {
        alg: 'ed25519' as const,
        key_id: key.keyId,
        value: sign(null, Buffer.from(hash), key.privateKey).toString('base64'),
      }
    : undefined
  return { ...plan, ...(signature ? { signature } : {}), hash }
}

export function signatureValid(plan: Plan, key: SigningKey): boolean {
  if (!plan.signature) return false
  try {
    return verify(null, Buffer.from(plan.hash), key.publicKey, Buffer.from(plan.signature.value, 'base64'))
  } catch {
    return false
  }
}
