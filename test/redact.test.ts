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
    ['curl -H "Authorization: Basic dXNlcjpodW50ZXIy" api', 'dXNlcjpodW50ZXIy'],
    ['stripe key sk_live_4eC39HqLyjWDarjtT1zdp7dc', '4eC39HqLyjWDarjtT1zdp7dc'],
    ['maps key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW', 'SyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW'],
    ['the admin password is hunter2, why is login failing', 'hunter2'],
    ['aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY on prod', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['gateway https://llm.example/v1?key=abc123secret&x=1', 'abc123secret'],
    ['gateway https://bob:s3cr3t@llm.example/v1', 's3cr3t'],
    ['auth.token=abcdef123456 in config', 'abcdef123456'],
  ])('removes the secret from %j', (input, secret) => {
    const out = redact(input)
    expect(out).not.toContain(secret)
    expect(out).toContain('[REDACTED')
  })

  it('leaves an ordinary question alone', () => {
    const q = 'which security groups expose SSH (port 22) to 0.0.0.0/0 in prod-eu?'
    expect(redact(q)).toBe(q)
  })

  it.each([
    'which pods are crashlooping in prod?',
    'basic questions about the token bucket in https://docs.example/limits',
    'is the secret rotation job failing in staging',
  ])('leaves %j alone', (q) => {
    expect(redact(q)).toBe(q)
  })

  it('caps the length', () => {
    expect(redactAndCap('x'.repeat(5000), 100)).toHaveLength(101)
  })

  it('caps at 2000 characters by default, marking the cut with …, and leaves text up to the cap whole', () => {
    expect(redactAndCap('which pods are crashlooping?')).toBe('which pods are crashlooping?')
    expect(redactAndCap('x'.repeat(2000))).toBe('x'.repeat(2000))
    expect(redactAndCap('x'.repeat(2001))).toBe(`${'x'.repeat(2000)}…`)
    expect(redactAndCap('a'.repeat(3000))).toBe(`${'a'.repeat(2000)}…`)
  })

  it('redacts what is left after the first 2512 characters are kept (cap + margin), not the whole text', () => {
    // The secret runs past the margin: it is redacted whole, and nothing after the margin comes back into view.
    expect(redactAndCap(`password=${'x'.repeat(3000)} tail`)).toBe('password=[REDACTED]')
  })
})

describe('redaction is linear in its input', () => {
  // Inputs that make a backtracking pattern rescan the same run from every position (quadratic or worse).
  const adversarial: Record<string, (n: number) => string> = {
    'dash runs': (n) => 'a-'.repeat(n / 2),
    'token names': (n) => 'token-'.repeat(n / 6),
    'bearer runs': (n) => 'bearer-'.repeat(n / 7),
    'jwt starts': (n) => 'eyJ-'.repeat(n / 4),
    'api key starts': (n) => 'sk-'.repeat(n / 3),
    'url schemes': (n) => 'a://_'.repeat(n / 5),
    'url passwords': (n) => `x://a:${'b'.repeat(n)}`,
    'authorization headers': (n) => ' authorization:'.repeat(n / 15),
    passwords: (n) => 'password="'.repeat(n / 10),
    'pem blocks': (n) => '-----BEGIN PRIVATE KEY-----'.repeat(n / 27),
  }

  function cost(text: string): number {
    const start = performance.now()
    for (let i = 0; i < 3; i++) redact(text)
    return performance.now() - start
  }

  it.each(Object.keys(adversarial))('%s: 4× the input costs far less than 16× the time', (name) => {
    const make = adversarial[name] as (n: number) => string
    cost(make(4096)) // warm up the regex engine
    const small = cost(make(16 * 1024))
    const large = cost(make(64 * 1024))
    // Linear work gives about 4×; quadratic gives 16×. The floor keeps timer noise on tiny costs out of it.
    expect(large).toBeLessThan(Math.max(10 * small, 50))
  })

  it('caps before it redacts: a 64 KB question costs what a 2.5 KB one does', () => {
    const out = redactAndCap('a-'.repeat(32 * 1024))
    expect(out.length).toBe(2001)
  })
})
