import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/config.js'
import { setConfigValue } from '../../src/config/edit.js'
import { type Paths, resolvePaths } from '../../src/config/paths.js'
import { loadSigningKey } from '../../src/config/signing-key.js'
import { UsageError } from '../../src/errors.js'
import { initConfig } from '../../src/services/config-init.js'

let dir: string
let paths: Paths
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-config-'))
  paths = resolvePaths({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg') })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('paths', () => {
  it('follow XDG, with the usual defaults and CLOUDOPS_AUDIT_LOG', () => {
    const d = resolvePaths({ HOME: '/home/u' })
    expect(d.configFile).toBe('/home/u/.config/cloudops/config.yaml')
    expect(d.auditLog).toBe('/home/u/.local/state/cloudops/audit.jsonl')
    expect(d.cacheDir).toBe('/home/u/.cache/cloudops')
    const x = resolvePaths({
      HOME: '/home/u',
      XDG_STATE_HOME: '/s',
      XDG_CACHE_HOME: 'relative',
      CLOUDOPS_AUDIT_LOG: '/a.jsonl',
    })
    expect(x.stateDir).toBe('/s/cloudops')
    expect(x.cacheDir).toBe('/home/u/.cache/cloudops') // relative XDG paths are ignored, per the spec
    expect(x.auditLog).toBe('/a.jsonl')
  })
})

describe('loadConfig', () => {
  it('treats a missing file as an empty config', () => {
    expect(loadConfig(paths)).toEqual({ config: {}, path: paths.configFile, exists: false })
  })

  it('names the unknown key, the file and the line', () => {
    mkdirSync(paths.configDir, { recursive: true })
    writeFileSync(
      paths.configFile,
      'llm:\n  provider: openai\nenvironments:\n  prod:\n    aws:\n      regoins: [us-east-1]\n',
    )
    expect(() => loadConfig(paths)).toThrowError(UsageError)
    expect(() => loadConfig(paths)).toThrowError(
      `${paths.configFile}:6: unknown key "regoins" in environments.prod.aws`,
    )
  })

  it('rejects a bad provider with the allowed values', () => {
    mkdirSync(paths.configDir, { recursive: true })
    writeFileSync(paths.configFile, 'llm:\n  provider: gemini\n')
    expect(() => loadConfig(paths)).toThrowError(
      /:2: llm.provider must be one of: anthropic, openai, openai-compatible, offline/,
    )
  })

  it('reports YAML syntax errors with their line', () => {
    mkdirSync(paths.configDir, { recursive: true })
    writeFileSync(paths.configFile, 'llm:\n  provider: [unclosed\n')
    expect(() => loadConfig(paths)).toThrowError(/config\.yaml:\d+: /)
  })
})

describe('config init', () => {
  it('writes a valid commented starter and a 0600 signing key, and never overwrites without force', () => {
    const r = initConfig(paths, { force: false })
    expect(r.signing_key_created).toBe(true)
    const text = readFileSync(paths.configFile, 'utf8')
    expect(text).toMatch(/^# /m)
    const loaded = loadConfig(paths)
    expect(Object.keys(loaded.config.environments ?? {})).toEqual(['prod', 'staging', 'dev'])
    expect(statSync(paths.configFile).mode & 0o777).toBe(0o600)
    expect(statSync(r.signing_key).mode & 0o777).toBe(0o600)
    expect(loadSigningKey(paths)?.keyId).toMatch(/^[0-9a-f]{16}$/)

    writeFileSync(paths.configFile, '# mine\n')
    expect(() => initConfig(paths, { force: false })).toThrowError(/already exists/)
    expect(readFileSync(paths.configFile, 'utf8')).toBe('# mine\n')
    expect(initConfig(paths, { force: true }).signing_key_created).toBe(false)
  })
})

describe('config set', () => {
  it('sets typed values and keeps comments', () => {
    initConfig(paths, { force: false })
    setConfigValue(paths.configFile, 'llm.min_confidence', '0.9')
    setConfigValue(paths.configFile, 'environments.qa.aws.regions', '[eu-west-1, eu-central-1]')
    const loaded = loadConfig(paths)
    expect(loaded.config.llm?.min_confidence).toBe(0.9)
    expect(loaded.config.environments?.qa?.aws?.regions).toEqual(['eu-west-1', 'eu-central-1'])
    expect(readFileSync(paths.configFile, 'utf8')).toContain('# cloudops configuration')
  })

  it('creates the file when there is none', () => {
    setConfigValue(paths.configFile, 'llm.provider', 'anthropic')
    expect(loadConfig(paths).config).toEqual({ llm: { provider: 'anthropic' } })
  })

  it('refuses an invalid value and leaves the file untouched', () => {
    initConfig(paths, { force: false })
    const before = readFileSync(paths.configFile, 'utf8')
    expect(() => setConfigValue(paths.configFile, 'llm.min_confidence', '1.5')).toThrowError(/must be <= 1/)
    expect(() => setConfigValue(paths.configFile, 'llm.api_key', 'sk-live-123')).toThrowError(/unknown key "api_key"/)
    expect(readFileSync(paths.configFile, 'utf8')).toBe(before)
  })

  it('never echoes a refused value (it may be a secret)', () => {
    try {
      setConfigValue(paths.configFile, 'llm.api_key', 'sk-live-SECRET')
      expect.unreachable()
    } catch (err) {
      expect(JSON.stringify({ m: (err as Error).message, d: (err as UsageError).details })).not.toContain('SECRET')
    }
  })
})
