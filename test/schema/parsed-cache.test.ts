// config.yaml's last parse, kept by the sha256 of its text: read back only for the very same text, from an entry only
// this user could have written, and only what JSON holds as it is.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cachedParse, rememberParse } from '../../src/schema/parsed-cache.js'
import { validateDocument } from '../../src/schema/validate-document.js'

const dirs: string[] = []
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudops-parsed-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const file = '/home/u/.config/cloudops/config.yaml'
const text = 'environments:\n  prod:\n    aws: { regions: [eu-west-1] }\n'
const data = { environments: { prod: { aws: { regions: ['eu-west-1'] } } } }
const entries = (dir: string) => readdirSync(join(dir, 'parsed')).map((f) => join(dir, 'parsed', f))

describe('parsed cache', () => {
  it('gives back what the same text of the same file parsed to', () => {
    const dir = cacheDir()
    expect(cachedParse(dir, file, text)).toBeUndefined()
    rememberParse(dir, file, text, data)
    expect(cachedParse(dir, file, text)).toEqual(data)
  })

  it('gives nothing for changed text or another file, and keeps one entry per file', () => {
    const dir = cacheDir()
    rememberParse(dir, file, text, data)
    expect(cachedParse(dir, file, `${text}# edited\n`)).toBeUndefined()
    expect(cachedParse(dir, '/elsewhere/config.yaml', text)).toBeUndefined()
    rememberParse(dir, file, `${text}# edited\n`, data)
    expect(entries(dir)).toHaveLength(1)
    expect(cachedParse(dir, file, text)).toBeUndefined()
  })

  it('is written for this user alone, and ignores an entry others could have written', () => {
    const dir = cacheDir()
    rememberParse(dir, file, text, data)
    const [entry] = entries(dir) as [string]
    expect(readFileSync(entry, 'utf8')).not.toContain(file)
    chmodSync(entry, 0o620)
    expect(cachedParse(dir, file, text)).toBeUndefined()
    chmodSync(entry, 0o600)
    expect(cachedParse(dir, file, text)).toEqual(data)
  })

  it('ignores an entry that is not JSON, and keeps nothing JSON would change (.inf)', () => {
    const dir = cacheDir()
    rememberParse(dir, file, text, data)
    writeFileSync(entries(dir)[0] as string, '{"sha256":', { mode: 0o600 })
    expect(cachedParse(dir, file, text)).toBeUndefined()
    const other = cacheDir()
    rememberParse(other, file, 'x: .inf\n', { x: Number.POSITIVE_INFINITY })
    expect(cachedParse(other, file, 'x: .inf\n')).toBeUndefined()
  })
})

describe('validateDocument with a cache dir', () => {
  it('caches a valid document and reads it back checked', () => {
    const dir = cacheDir()
    expect(validateDocument(text, file, 'config', dir)).toEqual({ ok: true, value: data })
    expect(cachedParse(dir, file, text)).toEqual(data)
    expect(validateDocument(text, file, 'config', dir)).toEqual({ ok: true, value: data })
  })

  it('does not cache an invalid document, and says its problem with the line', () => {
    const dir = cacheDir()
    const bad = 'environments:\n  prod:\n    aws: { regions: 7 }\n'
    const result = validateDocument(bad, file, 'config', dir)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.problems[0]?.line).toBe(3)
    expect(cachedParse(dir, file, bad)).toBeUndefined()
  })

  it('an entry that fails the schema is not used: the text is parsed again', () => {
    const dir = cacheDir()
    rememberParse(dir, file, text, { environments: 'not a map' })
    expect(validateDocument(text, file, 'config', dir)).toEqual({ ok: true, value: data })
    expect(cachedParse(dir, file, text)).toEqual(data)
  })
})
