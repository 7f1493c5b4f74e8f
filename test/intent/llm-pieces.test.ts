// The pure parts of the LLM path: the schemas sent to providers, the prompt, prices, the cache and key files.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cacheKey, IntentCache, normalizeQuestion } from '../../src/intent/cache.js'
import { resolveApiKey } from '../../src/intent/llm-key.js'
import { estimateCost } from '../../src/intent/pricing.js'
import { buildPrompt } from '../../src/intent/prompt.js'
import { llmSettings } from '../../src/intent/providers/settings.js'
import { strictOutputSchema, toolInputSchema, withoutNulls } from '../../src/intent/wire-schema.js'

type Node = Record<string, unknown>

// Temp dirs made by a test, removed after it whether it passed or not.
const tempDirs: string[] = []
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function objects(schema: Node, out: Node[] = []): Node[] {
  if (schema.type === 'object') out.push(schema)
  for (const v of Object.values(schema)) {
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') objects(x as Node, out)
    } else if (v && typeof v === 'object') {
      objects(v as Node, out)
    }
  }
  return out
}

describe('strict output schema (OpenAI)', () => {
  const strict = strictOutputSchema()

  it('requires every property and forbids extra ones at every level', () => {
    const nodes = objects(strict)
    expect(nodes.length).toBeGreaterThanOrEqual(3)
    for (const node of nodes) {
      expect(node.additionalProperties).toBe(false)
      expect([...(node.required as string[])].sort()).toEqual(Object.keys(node.properties as Node).sort())
    }
  })

  it('keeps no keyword strict mode rejects, and makes optional fields nullable', () => {
    const text = JSON.stringify(strict)
    for (const k of ['"minimum"', '"maximum"', '"maxLength"', '"propertyNames"', '"$schema"']) {
      expect(text).not.toContain(k)
    }
    const props = strict.properties as Record<string, Node>
    expect(props.intent_type?.enum).not.toContain(null)
    expect(props.clarification?.type).toEqual(['string', 'null'])
    expect(props.target?.anyOf).toBeDefined()
  })

  it('drops nulls and only nulls before validation', () => {
    expect(withoutNulls({ a: null, b: { c: null, d: 1 }, e: 'x', f: 0 })).toEqual({ b: { d: 1 }, e: 'x', f: 0 })
  })

  it('offers no free-form filters map to the model', () => {
    expect(JSON.stringify(toolInputSchema())).not.toContain('filters')
  })
})

describe('prompt', () => {
  const prompt = buildPrompt({
    question: 'why is cpu high in prod?',
    environments: ['prod', 'payments-eu'],
    playbooks: [
      {
        name: 'k8s-cpu-pressure',
        description: 'CPU pressure.',
        intent_types: ['investigate'],
        resource_types: ['kubernetes_node'],
        goals: ['cpu'],
      },
    ],
  })

  it('holds the question, the vocabulary, the catalogue and the environment names', () => {
    expect(prompt.user).toContain('why is cpu high in prod?')
    // Each playbook's line: what it does, then the intent types, resource types and goals it serves.
    expect(prompt.system).toContain('- k8s-cpu-pressure: CPU pressure. [investigate; kubernetes_node; cpu]')
    expect(prompt.system).toContain('aws_account_cost (aws)')
    expect(prompt.system).toContain('cost_analysis')
    expect(prompt.system).toMatch(/environments: prod, payments-eu, staging, dev, default/)
  })
})

describe('prices', () => {
  it('prices dated model ids as their family and leaves unknown models unpriced', () => {
    expect(estimateCost('anthropic', 'claude-haiku-4-5-20251001', { input_tokens: 1e6, output_tokens: 1e6 })).toBe(6)
    expect(estimateCost('openai', 'gpt-5-nano', { input_tokens: 1000, output_tokens: 200 })).toBe(0.00013)
    // gpt-5-nano must not be priced as gpt-5.
    expect(estimateCost('openai', 'gpt-5-nano-2025-08-07', { input_tokens: 1e6, output_tokens: 0 })).toBe(0.05)
    expect(estimateCost('openai-compatible', 'llama3.1:8b', { input_tokens: 10, output_tokens: 10 })).toBeUndefined()
  })
})

describe('intent cache', () => {
  const parts = {
    provider: 'anthropic',
    model: 'm',
    baseURL: 'u',
    promptVersion: 'v',
    schemaSha256: 's',
    contextSha256: 'c',
    question: 'Which SGs expose SSH?',
  }

  it('keys on the normalised question and on everything else that shapes the answer', () => {
    expect(normalizeQuestion('  Which  SGs expose SSH?? ')).toBe('which sgs expose ssh')
    expect(cacheKey(parts)).toBe(cacheKey({ ...parts, question: 'which sgs   expose ssh' }))
    for (const k of Object.keys(parts) as (keyof typeof parts)[]) {
      expect(cacheKey({ ...parts, [k]: `${parts[k]}-changed` }), k).not.toBe(cacheKey(parts))
    }
  })

  it('expires entries after the TTL and treats a corrupt entry as a miss', () => {
    const dir = tempDir('cloudops-cache-')
    const cache = new IntentCache(dir, 3600_000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    cache.put('k', { stored_at: new Date(now).toISOString(), model: 'm', data: { x: 1 } })
    expect(cache.get('k', now + 1000)?.data).toEqual({ x: 1 })
    expect(cache.get('k', now + 3600_001)).toBeUndefined()
    writeFileSync(join(dir, 'bad.json'), '{not json')
    expect(cache.get('bad', now)).toBeUndefined()
  })
})

describe('API keys', () => {
  it('prefers the environment, then a 0600 key file; a local compatible server may have none', () => {
    const dir = tempDir('cloudops-key-')
    const file = join(dir, 'key')
    writeFileSync(file, 'sk-file-key\n', { mode: 0o600 })
    expect(resolveApiKey('openai', { key_file: file }, { OPENAI_API_KEY: 'sk-env' }).source).toBe('OPENAI_API_KEY')
    expect(resolveApiKey('openai', { key_file: file }, {})).toEqual({ key: 'sk-file-key', source: `key file ${file}` })
    chmodSync(file, 0o640)
    expect(() => resolveApiKey('openai', { key_file: file }, {})).toThrow(/readable by others/)
    expect(() => resolveApiKey('anthropic', {}, {})).toThrow(/ANTHROPIC_API_KEY is not set/)
    expect(resolveApiKey('openai-compatible', {}, {}).source).toMatch(/no key/)
  })
})

describe('settings', () => {
  it('uses the configured model only for the configured provider, and the cheap default otherwise', () => {
    const llm = { provider: 'anthropic' as const, model: 'claude-sonnet-4-5' }
    expect(llmSettings('anthropic', undefined, llm, {}).model).toBe('claude-sonnet-4-5')
    expect(llmSettings('openai', undefined, llm, {}).model).toBe('gpt-5-nano')
    expect(llmSettings('openai', 'gpt-4.1-mini', llm, {}).model).toBe('gpt-4.1-mini')
  })

  it('lets llm.base_url override the environment, which overrides the default', () => {
    expect(llmSettings('openai', undefined, {}, {}).baseURL).toBe('https://api.openai.com/v1')
    expect(llmSettings('openai', undefined, {}, { OPENAI_BASE_URL: 'http://gw/v1' }).baseURL).toBe('http://gw/v1')
    const both = llmSettings('openai', undefined, { base_url: 'http://cfg/v1' }, { OPENAI_BASE_URL: 'http://gw/v1' })
    expect(both.baseURL).toBe('http://cfg/v1')
    expect(both.sdkBaseURL).toBe('http://cfg/v1')
    expect(() => llmSettings('openai-compatible', 'm', {}, {})).toThrow(/needs a base URL/)
  })

  it("uses llm.base_url only for the configured provider: --provider anthropic never gets a local server's /v1", () => {
    const local = { provider: 'openai-compatible' as const, model: 'llama3.1', base_url: 'http://127.0.0.1:11434/v1' }
    expect(llmSettings('openai-compatible', undefined, local, {}).baseURL).toBe('http://127.0.0.1:11434/v1')
    const other = llmSettings('anthropic', undefined, local, {})
    expect(other.baseURL).toBe('https://api.anthropic.com')
    expect(other.sdkBaseURL).toBeUndefined()
    expect(llmSettings('anthropic', undefined, local, { ANTHROPIC_BASE_URL: 'http://a/' }).baseURL).toBe('http://a/')
    // With no provider configured, the base URL goes with whichever provider is used.
    expect(llmSettings('openai', undefined, { base_url: 'http://cfg/v1' }, {}).baseURL).toBe('http://cfg/v1')
  })
})

describe('base URLs with credentials', () => {
  it('never shows the password of a gateway URL in a failure message', async () => {
    const { providerFailure } = await import('../../src/intent/providers/failure.js')
    const err = providerFailure(new Error('connect ECONNREFUSED'), {
      label: 'the OpenAI-compatible server',
      keySource: 'OPENAI_API_KEY',
      baseURL: 'https://svc:hunter2secret@gateway.internal/v1',
      timeoutMs: 30_000,
      attempts: 3,
    })
    expect(err.message).toMatch(/could not reach the OpenAI-compatible server at https:\/\/svc:\[REDACTED\]@gateway/)
    expect(err.message).not.toContain('hunter2secret')
  })
})
