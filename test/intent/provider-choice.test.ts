// Which LLM provider answers, and why: --provider (or CLOUDOPS_PROVIDER), then llm.provider in config, then an
// exported key, else the offline parser. The starter config pins no provider, so an exported key is used after
// `config init`; an explicit `llm.provider: offline` wins over a key, and doctor and the notice say so. Keys are
// never printed: only their variables' names.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { providerChoice, providerNotice } from '../../src/intent/provider-choice.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'

const anthropicKey = 'sk-ant-api03-SECRETsecret0123456789abcdef'
const openaiKey = 'sk-proj-SECRETsecret0123456789abcdef'
const offlineConfig = { llm: { provider: 'offline' as const } }

describe('providerChoice', () => {
  it('uses an exported key when config names no provider, anthropic first', () => {
    expect(providerChoice(undefined, {}, { ANTHROPIC_API_KEY: anthropicKey })).toEqual({
      provider: 'anthropic',
      source: 'key',
      keyVariable: 'ANTHROPIC_API_KEY',
      unusedKeys: [],
    })
    expect(providerChoice(undefined, {}, { OPENAI_API_KEY: openaiKey })).toMatchObject({
      provider: 'openai',
      source: 'key',
    })
    expect(providerChoice(undefined, {}, { ANTHROPIC_API_KEY: anthropicKey, OPENAI_API_KEY: openaiKey })).toMatchObject(
      { provider: 'anthropic', unusedKeys: ['OPENAI_API_KEY'] },
    )
    expect(providerChoice(undefined, {}, { ANTHROPIC_API_KEY: '  ' })).toMatchObject({
      provider: 'offline',
      source: 'none',
    })
  })

  it('lets llm.provider in config win over an exported key, and the flag win over both', () => {
    expect(providerChoice(undefined, offlineConfig, { ANTHROPIC_API_KEY: anthropicKey })).toEqual({
      provider: 'offline',
      source: 'config',
      unusedKeys: ['ANTHROPIC_API_KEY'],
    })
    expect(providerChoice('anthropic', offlineConfig, { ANTHROPIC_API_KEY: anthropicKey })).toMatchObject({
      provider: 'anthropic',
      source: 'flag',
      unusedKeys: [],
    })
    expect(
      providerChoice(undefined, { llm: { provider: 'openai-compatible' } }, { OPENAI_API_KEY: openaiKey }),
    ).toMatchObject({ unusedKeys: [] })
  })

  it('has a notice only when the choice may surprise, naming variables, never keys', () => {
    const file = '/home/u/.config/cloudops/config.yaml'
    expect(providerNotice(providerChoice(undefined, offlineConfig, { ANTHROPIC_API_KEY: anthropicKey }), file)).toBe(
      `llm.provider is offline in ${file}; ANTHROPIC_API_KEY is set but not used: \`cloudops config set llm.provider anthropic\` to use it.`,
    )
    expect(providerNotice(providerChoice(undefined, {}, {}), file)).toMatch(/No LLM key found.*offline parser/)
    // Chosen on purpose, or nothing left unused: nothing to say.
    expect(providerNotice(providerChoice(undefined, offlineConfig, {}), file)).toBeUndefined()
    expect(providerNotice(providerChoice('offline', {}, { ANTHROPIC_API_KEY: anthropicKey }), file)).toBeUndefined()
    expect(providerNotice(providerChoice(undefined, {}, { ANTHROPIC_API_KEY: anthropicKey }), file)).toBeUndefined()
  })
})

describe('after `config init`, with a key exported', () => {
  let sb: Sandbox
  let configFile: string
  beforeEach(() => {
    sb = cliSandbox()
    configFile = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml')
  })
  afterEach(() => sb.cleanup())

  const llmCheck = (env: Record<string, string>) => {
    const r = sb.run(['doctor', '--json'], { env })
    expect(r.stdout + r.stderr).not.toContain('SECRETsecret')
    return JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'LLM provider')
  }

  it('the starter pins no provider, so doctor uses the key and says why', () => {
    expect(sb.run(['config', 'init']).code).toBe(0)
    expect(readFileSync(configFile, 'utf8')).not.toMatch(/^\s*provider:/m)
    const check = llmCheck({ ANTHROPIC_API_KEY: anthropicKey })
    expect(check).toMatchObject({ ok: true })
    expect(check.warning).toBeFalsy()
    expect(check.detail).toMatch(
      /^anthropic claude-haiku-4-5 at .*, key from ANTHROPIC_API_KEY \(chosen because ANTHROPIC_API_KEY is set and llm.provider is not\)$/,
    )
    const none = llmCheck({})
    expect(none).toMatchObject({ ok: true, warning: true })
    expect(none.detail).toMatch(/no LLM key exported .* and no llm.provider in /)
  })

  it('an explicit llm.provider: offline wins over the key, and doctor and the notice say so', () => {
    mkdirSync(join(sb.env.XDG_CONFIG_HOME as string, 'cloudops'), { recursive: true })
    writeFileSync(configFile, 'llm:\n  provider: offline\n')
    const check = llmCheck({ ANTHROPIC_API_KEY: anthropicKey })
    expect(check).toMatchObject({ ok: true, warning: true })
    expect(check.detail).toBe(
      `offline parser: llm.provider is offline in ${configFile}; ANTHROPIC_API_KEY is set but not used`,
    )
    expect(check.fix).toBe('`cloudops config set llm.provider anthropic` to use it.')
    // Without a key there is nothing to warn about: offline was chosen on purpose.
    const quiet = llmCheck({})
    expect(quiet).toMatchObject({
      ok: true,
      detail: `offline parser (llm.provider in ${configFile}, which wins over exported keys)`,
    })
    expect(quiet.warning).toBeFalsy()

    const r = sb.run(['intent', 'crashlooping pods in prod'], { env: { ANTHROPIC_API_KEY: anthropicKey } })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(
      `llm.provider is offline in ${configFile}; ANTHROPIC_API_KEY is set but not used: \`cloudops config set llm.provider anthropic\` to use it.`,
    )
    expect(r.stdout + r.stderr).not.toContain('SECRETsecret')
    // Asked for on the command line: no notice.
    const flagged = sb.run(['intent', 'crashlooping pods in prod', '--provider', 'offline'], {
      env: { ANTHROPIC_API_KEY: anthropicKey },
    })
    expect(flagged.code).toBe(0)
    expect(flagged.stderr).toBe('')
  })

  it('without config or key, the notice says the offline parser is the default', () => {
    const r = sb.run(['intent', 'crashlooping pods in prod'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/No LLM key found .* using the offline parser/)
  })
})
