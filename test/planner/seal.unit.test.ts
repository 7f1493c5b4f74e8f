// The seal of a saved plan: its hash covers everything but the hash and the signature, and the Ed25519 signature
// of that hash is checked with node:crypto directly, so these tests do not trust the code they test.
import { createHash, generateKeyPairSync, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { SigningKey } from '../../src/config/signing-key.js'
import type { UnsealedPlan } from '../../src/planner/build.js'
import { planHash, sealPlan, signatureValid } from '../../src/planner/seal.js'
import type { Plan } from '../../src/planner/types.js'

const keyPair = (keyId: string): SigningKey => ({ ...generateKeyPairSync('ed25519'), keyId })
const key = keyPair('aaaaaaaaaaaaaaaa')
const other = keyPair('bbbbbbbbbbbbbbbb')

// Only the shape matters to the seal: any JSON object is hashed the same way.
const unsealed = {
  format_version: 1,
  question: 'why?',
  steps: [{ id: 's', params: { b: 2, a: 1 } }],
} as unknown as UnsealedPlan

describe('planHash', () => {
  it('is the sha256 of the canonical JSON (sorted keys) of the plan', () => {
    const canonical = '{"format_version":1,"question":"why?","steps":[{"id":"s","params":{"a":1,"b":2}}]}'
    expect(planHash(unsealed)).toBe(createHash('sha256').update(canonical).digest('hex'))
  })

  it('leaves out the hash and the signature, and covers every other field', () => {
    const sealed = sealPlan(unsealed, key)
    expect(planHash({ ...sealed, hash: 'x', signature: { alg: 'ed25519', key_id: 'k', value: 'v' } })).toBe(
      planHash(unsealed),
    )
    expect(planHash({ ...sealed, question: 'why not?' })).not.toBe(planHash(unsealed))
  })
})

describe('sealPlan', () => {
  it('without a key: the hash and no signature key at all', () => {
    const plan = sealPlan(unsealed)
    expect(plan).toEqual({ ...unsealed, hash: planHash(unsealed) })
    expect(Object.hasOwn(plan, 'signature')).toBe(false)
  })

  it('with a key: an Ed25519 signature of the hash, under the key id', () => {
    const plan = sealPlan(unsealed, key)
    expect(plan.hash).toBe(planHash(unsealed))
    expect(plan.signature).toMatchObject({ alg: 'ed25519', key_id: 'aaaaaaaaaaaaaaaa' })
    const value = Buffer.from(plan.signature?.value ?? '', 'base64')
    expect(value).toHaveLength(64)
    expect(verify(null, Buffer.from(plan.hash), key.publicKey, value)).toBe(true)
    expect(verify(null, Buffer.from(plan.hash), other.publicKey, value)).toBe(false)
  })
})

describe('signatureValid', () => {
  const signed = sealPlan(unsealed, key)

  it('accepts the signature of this key, and refuses it under another key', () => {
    expect(signatureValid(signed, key)).toBe(true)
    expect(signatureValid(signed, other)).toBe(false)
  })

  it('refuses an unsigned plan, an edited hash, and a signature that is not a string', () => {
    expect(signatureValid(sealPlan(unsealed), key)).toBe(false)
    expect(signatureValid({ ...signed, hash: planHash({ ...unsealed, question: 'x' } as UnsealedPlan) }, key)).toBe(
      false,
    )
    const garbled = { ...signed, signature: { ...signed.signature, value: 42 } } as unknown as Plan
    expect(() => Buffer.from(42 as unknown as string, 'base64')).toThrow() // what signatureValid must catch
    expect(signatureValid(garbled, key)).toBe(false)
  })
})
