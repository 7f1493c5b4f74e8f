// The head anchor file on its own: what it signs (checked here with node:crypto against the documented domain tag,
// not with the module's own code), how it is written (0600, atomically, the write's own error on failure), and
// which heads read as unreadable, unsigned, unverifiable, invalid or valid.
import { verify } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AuditHead, checkHeadSignature, headPath, readHead, writeHead } from '../../src/audit/head.js'
import { resolvePaths } from '../../src/config/paths.js'
import { ensureSigningKey, loadSigningKey, type SigningKey } from '../../src/config/signing-key.js'

let dir: string
let log: string
let key: SigningKey
let otherKey: SigningKey
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-head-'))
  log = join(dir, 'audit.jsonl')
  for (const home of ['me', 'other']) ensureSigningKey(resolvePaths({ HOME: join(dir, home) }))
  key = loadSigningKey(resolvePaths({ HOME: join(dir, 'me') })) as SigningKey
  otherKey = loadSigningKey(resolvePaths({ HOME: join(dir, 'other') })) as SigningKey
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const anchor = { seq: 7, hash: 'ab'.repeat(32), ts: '2026-03-01T12:00:00.000Z' }
const signedHead = (): AuditHead => {
  writeHead(log, anchor, key)
  return readHead(log) as AuditHead
}

describe('writeHead', () => {
  it('signs exactly the domain tag and the canonical seq, hash and ts, with the key named by key_id', () => {
    const head = signedHead()
    expect(head).toMatchObject({ ...anchor, key_id: key.keyId })
    const bytes = Buffer.from(`cloudops-audit-head-v1\0{"hash":"${anchor.hash}","seq":7,"ts":"${anchor.ts}"}`)
    expect(verify(null, bytes, key.publicKey, Buffer.from(head.sig as string, 'base64'))).toBe(true)
  })

  it('writes one JSON line, 0600, and no key fields without a key', () => {
    writeHead(log, anchor)
    expect(readFileSync(headPath(log), 'utf8')).toBe(`${JSON.stringify(anchor)}\n`)
    expect(statSync(headPath(log)).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir).filter((f) => f.startsWith('audit'))).toEqual(['audit.jsonl.head'])
  })

  it('replaces the head whole, leaving no temp file', () => {
    writeHead(log, anchor, key)
    writeHead(log, { ...anchor, seq: 8 }, key)
    expect(readHead(log)).toMatchObject({ seq: 8 })
    expect(readdirSync(dir).filter((f) => f.startsWith('audit'))).toEqual(['audit.jsonl.head'])
  })

  it('a failed rename throws and removes its temp file', () => {
    rmSync(headPath(log), { force: true })
    // A directory where the head goes: the temp file is written, the rename over it fails.
    mkdirSync(join(headPath(log), 'inside'), { recursive: true })
    expect(() => writeHead(log, anchor, key)).toThrow()
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('a failed write throws the write’s own error, not the clean-up’s', () => {
    const missing = join(dir, 'no-such-dir', 'audit.jsonl')
    expect(() => writeHead(missing, anchor)).toThrowError(
      expect.objectContaining({ code: 'ENOENT', syscall: 'open' }) as unknown as Error,
    )
  })
})

describe('readHead', () => {
  it('no head file: undefined (a log that never had one)', () => {
    expect(readHead(log)).toBeUndefined()
  })

  it.each([
    ['seq missing', { hash: anchor.hash, ts: anchor.ts }],
    ['hash not a string', { ...anchor, hash: 1 }],
    ['ts missing', { seq: anchor.seq, hash: anchor.hash }],
    ['ts not a string', { ...anchor, ts: 20260301 }],
  ])('%s: unreadable', (_n, content) => {
    writeFileSync(headPath(log), JSON.stringify(content))
    expect(readHead(log)).toBe('unreadable')
  })

  it('a whole head is read back as written', () => {
    writeFileSync(headPath(log), JSON.stringify(anchor))
    expect(readHead(log)).toEqual(anchor)
  })
})

describe('checkHeadSignature', () => {
  it('valid with the key that signed it', () => {
    expect(checkHeadSignature(signedHead(), key)).toBe('valid')
  })

  it.each([
    ['no sig and no key_id', (h: AuditHead) => ({ seq: h.seq, hash: h.hash, ts: h.ts })],
    ['a key_id but no sig', ({ sig: _s, ...h }: AuditHead) => h],
    ['a sig but no key_id', ({ key_id: _k, ...h }: AuditHead) => h],
  ])('%s: unsigned, with or without a key', (_n, edit) => {
    const head = edit(signedHead())
    expect(checkHeadSignature(head, key)).toBe('unsigned')
    expect(checkHeadSignature(head)).toBe('unsigned')
  })

  it('signed, but no local key to check it with: unverifiable', () => {
    expect(checkHeadSignature(signedHead())).toBe('unverifiable')
  })

  it.each([
    ['its seq edited', (h: AuditHead) => ({ ...h, seq: h.seq - 1 })],
    ['its hash edited', (h: AuditHead) => ({ ...h, hash: 'cd'.repeat(32) })],
    ['its ts edited', (h: AuditHead) => ({ ...h, ts: '2026-03-01T12:00:00.001Z' })],
    ['its key_id renamed (the sig still ours)', (h: AuditHead) => ({ ...h, key_id: otherKey.keyId })],
    [
      'a sig of another key under our key_id',
      (h: AuditHead) => {
        writeHead(log, anchor, otherKey)
        return { ...(readHead(log) as AuditHead), key_id: h.key_id }
      },
    ],
    ['a sig that is not base64 text at all', (h: AuditHead) => ({ ...h, sig: 12345 as unknown as string })],
    ['a sig of the wrong length', (h: AuditHead) => ({ ...h, sig: Buffer.alloc(10, 1).toString('base64') })],
  ])('%s: invalid', (_n, edit) => {
    expect(checkHeadSignature(edit(signedHead()), key)).toBe('invalid')
  })
})
