import { describe, expect, it } from 'vitest'
import { redact, redactAndCap } from '../src/redact.js'

describe('redact', () => {
  it.each([
    ['key AKIAIOSFODNN7EXAMPLE in prod', 'AKIAIOSFODNN7EXAMPLE'],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['Authorization: Bearer abcdefghijklmnop.qrs', 'abcdefghijklmnop'],
    ['use sk-ant-api03-abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxyz'],
    ['db at postgres://admin:hunter2@db.internal:5432/x', 'hunter2'],
    ['password=hunter2 please', 'hunter2'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'eyJzdWIiOiIxIn0'],
    ['ghp_abcdefghijklmnopqrstuvwxyz012345', 'abcdefghijklmnopqrstuvwxyz'],
  ])('removes the secret from %j', (input, secret) => {
    const out = redact(input)
    expect(out).not.toContain(secret)
    expect(out).toContain('[REDACTED')
  })

  it('leaves an ordinary question alone', () => {
    const q = 'which security groups expose SSH (port 22) to 0.0.0.0/0 in prod-eu?'
    expect(redact(q)).toBe(q)
  })

  it('caps the length', () => {
    expect(redactAndCap('x'.repeat(5000), 100)).toHaveLength(101)
  })
})
