import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/config.js'
import { setConfigValue } from '../../src/config/edit.js'
import { type Paths, resolvePaths } from '../../src/config/paths.js'
import { loadSigningKey } from '../../src/config/signing-key.js'
import { UsageError } from '../../src/errors.js'
import { initConfig } from '../../src/services/config-init.js'
import { cliSandbox } from '../support/cli.js'

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
  it('writes a valid commented starter and a 0600 signing key', async () => {
    const r = await initConfig(paths, { force: false })
    expect(r).toMatchObject({ config_written: true, config_backup: null, signing_key_created: true })
    const text = readFileSync(paths.configFile, 'utf8')
    expect(text).toMatch(/^# /m)
    const loaded = loadConfig(paths)
    expect(Object.keys(loaded.config.environments ?? {})).toEqual(['prod', 'staging', 'dev'])
    expect(statSync(paths.configFile).mode & 0o777).toBe(0o600)
    expect(statSync(r.signing_key).mode & 0o777).toBe(0o600)
    expect(loadSigningKey(paths)?.keyId).toMatch(/^[0-9a-f]{16}$/)
  })

  it('pins no LLM provider, so an exported key is used (the line is there, commented)', async () => {
    await initConfig(paths, { force: false })
    expect(loadConfig(paths).config.llm?.provider).toBeUndefined()
    expect(readFileSync(paths.configFile, 'utf8')).toMatch(/^ {2}# provider: anthropic/m)
  })

  it('keeps an existing config and creates only the missing signing key', async () => {
    mkdirSync(paths.configDir, { recursive: true })
    writeFileSync(paths.configFile, '# mine\n')
    const r = await initConfig(paths, { force: false })
    expect(r).toMatchObject({ config_written: false, config_backup: null, signing_key_created: true })
    expect(readFileSync(paths.configFile, 'utf8')).toBe('# mine\n')
    expect(loadSigningKey(paths)?.keyId).toMatch(/^[0-9a-f]{16}$/)
    // Run again: nothing to do, and the key is the same one.
    const key = readFileSync(r.signing_key, 'utf8')
    expect(await initConfig(paths, { force: false })).toMatchObject({
      config_written: false,
      signing_key_created: false,
    })
    expect(readFileSync(r.signing_key, 'utf8')).toBe(key)
    expect(readdirSync(paths.configDir).filter((f) => f.includes('.bak-'))).toEqual([])
  })

  it('--force replaces the config after a backup with the original mode, and never replaces the key', async () => {
    const first = await initConfig(paths, { force: false })
    const key = readFileSync(first.signing_key, 'utf8')
    writeFileSync(paths.configFile, 'environments:\n  mine: {}\n')
    chmodSync(paths.configFile, 0o640)
    const now = new Date('2025-03-04T05:06:07.890Z')
    const r = await initConfig(paths, { force: true, now })
    const backup = `${paths.configFile}.bak-20250304T050607Z`
    expect(r).toMatchObject({ config_written: true, config_backup: backup, signing_key_created: false })
    expect(readFileSync(backup, 'utf8')).toBe('environments:\n  mine: {}\n')
    expect(statSync(backup).mode & 0o777).toBe(0o640)
    expect(Object.keys(loadConfig(paths).config.environments ?? {})).toEqual(['prod', 'staging', 'dev'])
    expect(statSync(paths.configFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(first.signing_key, 'utf8')).toBe(key)
    // A second --force in the same second gets its own backup: none is ever overwritten.
    writeFileSync(paths.configFile, '# second\n')
    expect((await initConfig(paths, { force: true, now })).config_backup).toBe(`${backup}-2`)
    expect(readFileSync(backup, 'utf8')).toBe('environments:\n  mine: {}\n')
    expect(readFileSync(`${backup}-2`, 'utf8')).toBe('# second\n')
    expect(readdirSync(paths.configDir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('says what it did and did not do, from the CLI (exit 0 both times)', () => {
    const sb = cliSandbox()
    try {
      const first = sb.run(['config', 'init'])
      expect(first.code).toBe(0)
      expect(first.stdout).toMatch(/^Wrote .*config\.yaml\nCreated signing key /)
      const keyFile = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'keys', 'signing.key')
      rmSync(keyFile)
      const again = sb.run(['config', 'init'])
      expect(again.code).toBe(0)
      expect(again.stdout).toMatch(
        /Kept .*config\.yaml \(it exists; not changed; `cloudops config init --force` replaces it/,
      )
      expect(again.stdout).toContain(`Created signing key ${keyFile}`)
      const forced = sb.run(['config', 'init', '--force', '--json'])
      expect(forced.code).toBe(0)
      const j = JSON.parse(forced.stdout)
      expect(j).toMatchObject({ config_written: true, signing_key_created: false })
      expect(j.config_backup).toMatch(/config\.yaml\.bak-\d{8}T\d{6}Z$/)
      expect(sb.run(['config', 'init', '--force']).stdout).toMatch(/the previous one is in .*config\.yaml\.bak-/)
    } finally {
      sb.cleanup()
    }
  })
})

describe('config set', () => {
  it('sets typed values and keeps comments', async () => {
    await initConfig(paths, { force: false })
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

  it('refuses an invalid value and leaves the file untouched', async () => {
    await initConfig(paths, { force: false })
    const before = readFileSync(paths.configFile, 'utf8')
    expect(() => setConfigValue(paths.configFile, 'llm.min_confidence', '1.5')).toThrowError(/must be <= 1/)
    expect(() => setConfigValue(paths.configFile, 'llm.api_key', 'sk-live-123')).toThrowError(/unknown key "api_key"/)
    expect(readFileSync(paths.configFile, 'utf8')).toBe(before)
  })

  it('sets a key under an alias (dev: *prod) in that environment only, and fills an empty section', () => {
    mkdirSync(join(dir, 'cfg', 'cloudops'), { recursive: true })
    writeFileSync(
      paths.configFile,
      'environments:\n  prod: &place\n    kubernetes: { context: prod-ctx }\n  dev: *place\n  qa:\n',
    )
    setConfigValue(paths.configFile, 'environments.qa.aws.regions', '[eu-west-1]')
    setConfigValue(paths.configFile, 'environments.dev.kubernetes.context', 'kind-dev')
    const envs = loadConfig(paths).config.environments
    expect(envs?.dev?.kubernetes?.context).toBe('kind-dev')
    expect(envs?.prod?.kubernetes?.context).toBe('prod-ctx')
    expect(envs?.qa?.aws?.regions).toEqual(['eu-west-1'])
  })

  it('refuses to set a key under a value, naming it, and leaves the file untouched', () => {
    mkdirSync(join(dir, 'cfg', 'cloudops'), { recursive: true })
    writeFileSync(paths.configFile, 'llm:\n  provider: offline\n')
    expect(() => setConfigValue(paths.configFile, 'llm.provider.name', 'x')).toThrowError(
      'cannot set llm.provider.name: llm.provider is a value, not a section',
    )
    expect(readFileSync(paths.configFile, 'utf8')).toBe('llm:\n  provider: offline\n')
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

describe('config get / unset / version (the built CLI)', () => {
  it('get prints a set key as it is, a map as JSON, and --json gives key, value and file', () => {
    const sb = cliSandbox()
    try {
      expect(sb.run(['config', 'set', 'llm.model', 'claude-haiku-4-5']).code).toBe(0)
      expect(sb.run(['config', 'set', 'environments.dev.aws.regions', '[us-east-1, eu-west-1]']).code).toBe(0)
      expect(sb.run(['config', 'get', 'llm.model'])).toMatchObject({ code: 0, stdout: 'claude-haiku-4-5\n' })
      expect(sb.run(['config', 'get', 'environments.dev.aws.regions']).stdout).toBe('["us-east-1","eu-west-1"]\n')
      const json = JSON.parse(sb.run(['config', 'get', 'environments.dev', '--json']).stdout)
      expect(json).toMatchObject({ key: 'environments.dev', value: { aws: { regions: ['us-east-1', 'eu-west-1'] } } })
      expect(json.file).toMatch(/cloudops\/config\.yaml$/)
    } finally {
      sb.cleanup()
    }
  })

  it('get of a key that is not set, or of a prototype name, is exit 2 naming the key', () => {
    const sb = cliSandbox()
    try {
      for (const key of ['llm.model', 'constructor', 'llm.__proto__']) {
        const r = sb.run(['config', 'get', key])
        expect(r.code).toBe(2)
        expect(r.stderr).toContain(`Error: ${key} is not set in `)
      }
    } finally {
      sb.cleanup()
    }
  })

  it('unset removes one key and keeps the rest and the comments; a key not there is exit 2 and writes nothing', () => {
    const sb = cliSandbox()
    try {
      const file = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml')
      mkdirSync(join(sb.env.XDG_CONFIG_HOME as string, 'cloudops'), { recursive: true })
      writeFileSync(file, '# mine\nllm:\n  provider: offline # keep\n  model: x\n')
      expect(sb.run(['config', 'unset', 'llm.model'])).toMatchObject({ code: 0 })
      expect(readFileSync(file, 'utf8')).toBe('# mine\nllm:\n  provider: offline # keep\n')
      const again = sb.run(['config', 'unset', 'llm.model'])
      expect(again.code).toBe(2)
      expect(again.stderr).toContain('llm.model is not set in')
      expect(readFileSync(file, 'utf8')).toBe('# mine\nllm:\n  provider: offline # keep\n')
    } finally {
      sb.cleanup()
    }
  })

  it('version names cloudops, Node and the platform, in words and as JSON', () => {
    const sb = cliSandbox()
    try {
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
      expect(sb.run(['version']).stdout).toBe(
        `cloudops ${version} (node ${process.version}, ${process.platform}-${process.arch})\n`,
      )
      expect(JSON.parse(sb.run(['version', '--json']).stdout)).toEqual({
        version,
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
      })
    } finally {
      sb.cleanup()
    }
  })
})
