// The bundle's code cache entries: one directory per build, one file per Node and command word, written whole for
// this user alone, read back only when no one else could have written them, and all but the newest other builds' removed.
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cacheEntry, readEntry, writeEntry } from '../../src/startup/code-cache.js'

const dirs: string[] = []
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudops-code-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const bundle = { build: '0123456789abcdef', size: 687_000, mtimeMs: 1_796_260_000_123.7 }
const bytes = Buffer.from('compiled functions')

describe('code cache entries', () => {
  it('are named by the build, its size and mtime, the Node and the command word', () => {
    const { dir, file } = cacheEntry('/c', bundle, 'ask')
    expect(dir).toBe('/c/code/0123456789abcdef-687000-1796260000123')
    expect(file).toBe(`${dir}/${process.version}-${process.arch}-ask.bin`)
    for (const other of [{ build: 'fedcba9876543210' }, { size: 687_001 }, { mtimeMs: 1_796_260_000_124 }]) {
      expect(cacheEntry('/c', { ...bundle, ...other }, 'ask').dir).not.toBe(dir)
    }
    expect(cacheEntry('/c', bundle, 'plan').file).not.toBe(file)
  })

  it('are written for this user alone and read back', () => {
    const entry = cacheEntry(cacheDir(), bundle, 'ask')
    expect(readEntry(entry)).toBeUndefined()
    writeEntry(entry, bytes)
    expect(readEntry(entry)).toEqual(bytes)
    expect(statSync(entry.file).mode & 0o777).toBe(0o600)
    expect(statSync(entry.dir).mode & 0o777).toBe(0o700)
    expect(readdirSync(entry.dir)).toEqual([`${process.version}-${process.arch}-ask.bin`])
  })

  it('are not read when others could have written them', () => {
    const entry = cacheEntry(cacheDir(), bundle, 'ask')
    writeEntry(entry, bytes)
    chmodSync(entry.file, 0o620)
    expect(readEntry(entry)).toBeUndefined()
    chmodSync(entry.file, 0o602)
    expect(readEntry(entry)).toBeUndefined()
    chmodSync(entry.file, 0o600)
    expect(readEntry(entry)).toEqual(bytes)
  })

  it.skipIf(process.getuid?.() !== 0)('are not read when another user owns them', () => {
    const entry = cacheEntry(cacheDir(), bundle, 'ask')
    writeEntry(entry, bytes)
    chownSync(entry.file, 12_345, 12_345)
    expect(readEntry(entry)).toBeUndefined()
    chownSync(entry.file, 0, 0)
    expect(readEntry(entry)).toEqual(bytes)
  })

  it("keep this build's other words and Nodes, and the newest three other builds' entries", () => {
    const dir = cacheDir()
    // Four other builds, written a minute apart: the oldest is the one to go.
    const others = ['a', 'b', 'c', 'd'].map((c, i) => {
      const other = cacheEntry(dir, { ...bundle, build: c.repeat(16) }, 'ask')
      writeEntry(other, bytes)
      utimesSync(other.dir, new Date(1_800_000_000_000 + i * 60_000), new Date(1_800_000_000_000 + i * 60_000))
      return other
    })
    const plan = cacheEntry(dir, bundle, 'plan')
    writeEntry(plan, bytes)
    expect(readdirSync(join(dir, 'code')).sort()).toEqual(
      [...others.slice(1), plan].map((e) => e.dir.split('/').pop()).sort(),
    )
    expect(readEntry(others[0] as (typeof others)[0])).toBeUndefined()
    for (const kept of others.slice(1)) expect(readEntry(kept)).toEqual(bytes)
    writeFileSync(join(plan.dir, 'v99.0.0-x64-plan.bin'), bytes, { mode: 0o600 })
    const ask = cacheEntry(dir, bundle, 'ask')
    writeEntry(ask, bytes)
    const node = `${process.version}-${process.arch}`
    expect(readdirSync(ask.dir).sort()).toEqual([`${node}-ask.bin`, `${node}-plan.bin`, 'v99.0.0-x64-plan.bin'])
  })

  it('let two builds used in turn each keep their entry', () => {
    const dir = cacheDir()
    const global = cacheEntry(dir, { ...bundle, build: 'fedcba9876543210' }, 'ask')
    const project = cacheEntry(dir, bundle, 'ask')
    for (let turn = 0; turn < 3; turn++) {
      writeEntry(global, bytes)
      writeEntry(project, bytes)
    }
    expect(readEntry(global)).toEqual(bytes)
    expect(readEntry(project)).toEqual(bytes)
  })

  it('that cannot be written cost nothing but speed', () => {
    const dir = cacheDir()
    writeFileSync(join(dir, 'code'), 'a file where the directory would be')
    const entry = cacheEntry(dir, bundle, 'ask')
    expect(() => writeEntry(entry, bytes)).not.toThrow()
    expect(readEntry(entry)).toBeUndefined()
  })
})
