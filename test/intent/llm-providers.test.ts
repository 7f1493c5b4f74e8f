// The LLM path end to end: the built CLI, the real Anthropic and OpenAI SDKs, and a local server speaking their
// wire formats. What matters: only a valid, confident intent is accepted; failures are one actionable line with
// the contract's exit code; the key goes only into the auth header; nothing but the question and the catalogue
// leaves the process.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import {
  anthropicError,
  anthropicText,
  anthropicTool,
  type FakeLlm,
  openaiAnswer,
  openaiError,
  type RecordedRequest,
  startFakeLlm,
} from '../support/fake-llm.js'

const anthropicKey = 'sk-ant-api03-TESTKEYtestkey0123456789abcdefXYZ'
const openaiKey = 'sk-proj-TESTKEYtestkey0123456789abcdefXYZ'
const question = 'which security groups expose SSH to the internet in prod?'
const validIntent = {
  intent_type: 'audit',
  target: { provider: 'aws', resource_type: 'aws_security_group', scope: 'prod' },
  goal: 'find_exposure',
  confidence: 0.93,
}
// Values that live in config and must never reach the LLM.
const configYaml = (llm: string) => `llm:
${llm}
environments:
  prod:
    aws: { profile: prod-admin-profile, regions: [ap-southeast-2] }
    kubernetes: { context: prod-secret-context, namespace: payments }
  sandbox:
    aws: { regions: [us-east-1] }
`

let llm: FakeLlm
let box: Sandbox

beforeAll(async () => {
  llm = await startFakeLlm()
})
afterAll(async () => {
  box?.cleanup() // the last test's sandbox: each one before it is removed by the next beforeEach
  await llm.close()
})
beforeEach(() => {
  box?.cleanup()
  box = cliSandbox()
  llm.script()
  configure('  provider: anthropic')
})

function configure(llmBlock: string) {
  const dir = join(box.env.XDG_CONFIG_HOME as string, 'cloudops')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'config.yaml'), configYaml(llmBlock))
}

const anthropicEnv = () => ({ ANTHROPIC_API_KEY: anthropicKey, ANTHROPIC_BASE_URL: llm.url })
const openaiEnv = () => ({ OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: `${llm.url}/v1` })

async function intent(args: string[] = [], env: Record<string, string> = anthropicEnv(), q = question) {
  const r = await box.runAsync(['intent', q, '--json', ...args], { env })
  return { ...r, json: r.stdout ? JSON.parse(r.stdout) : undefined }
}

function auditRecords(): { kind: string; data: Record<string, unknown> }[] {
  const log = join(box.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
}

/** The names of the request headers whose value holds the key. */
function headersCarrying(req: RecordedRequest | undefined, key: string): string[] {
  return Object.entries(req?.headers ?? {})
    .filter(([, v]) => String(v).includes(key))
    .map(([k]) => k)
}

/** With --json an error is {"error": {...}} on stdout; the message and hint are what a person reads. */
function failure(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.stderr).not.toMatch(/\n\s+at /)
  const e = JSON.parse(r.stdout).error
  expect(e.code).toBe(r.code)
  return `${e.message} — ${e.hint}`
}

function everythingWritten(r: { stdout: string; stderr: string }): string {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else files.push(readFileSync(p, 'utf8'))
    }
  }
  walk(join(box.home, 'state'))
  try {
    walk(join(box.home, 'cache'))
  } catch {}
  return [r.stdout, r.stderr, ...files].join('\n')
}

describe('anthropic', () => {
  it('accepts a valid tool answer, sends only the question and the catalogue, and keeps the key in the header', async () => {
    llm.script(anthropicTool(validIntent))
    const r = await intent()
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({
      accepted: true,
      playbook: 'aws-security-group-exposure',
      provider: 'anthropic',
      model: 'claude-haiku-4-5-20251001',
      usage: { input_tokens: 1200, output_tokens: 80, cost_usd: 0.0016 },
      cached: false,
    })
    expect(llm.requests).toHaveLength(1)
    const req = llm.requests[0]
    expect(req?.path).toBe('/v1/messages')
    expect(headersCarrying(req, anthropicKey)).toHaveLength(1)
    expect(['x-api-key', 'authorization']).toContain(headersCarrying(req, anthropicKey)[0])
    const body = req?.body as {
      model: string
      tools: { name: string; input_schema: { properties: Record<string, unknown> } }[]
      tool_choice: unknown
      system: string
      messages: { content: string }[]
    }
    expect(body.model).toBe('claude-haiku-4-5')
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_intent' })
    expect(Object.keys(body.tools[0]?.input_schema.properties ?? {})).toContain('intent_type')
    expect(body.messages[0]?.content).toContain(question)
    expect(body.system).toContain('aws-security-group-exposure')
    expect(body.system).toContain('k8s-crashloop-pods')
    expect(body.system).toMatch(/environments: prod, sandbox/)
    // Nothing else from config, and never the key, in the body.
    for (const secret of ['prod-admin-profile', 'ap-southeast-2', 'prod-secret-context', 'payments', anthropicKey]) {
      expect(req?.raw).not.toContain(secret)
    }
    const kinds = auditRecords().map((a) => a.kind)
    expect(kinds).toEqual(['run_started', 'llm_call', 'intent_parsed', 'run_finished'])
    expect(auditRecords()[1]?.data).toMatchObject({ outcome: 'answered', input_tokens: 1200, cost_usd: 0.0016 })
    expect(everythingWritten(r)).not.toContain(anthropicKey)
  })

  it('answers a repeated question from the cache with no call, and --no-cache asks again', async () => {
    llm.script(anthropicTool(validIntent))
    expect((await intent()).code).toBe(0)
    const again = await intent([], anthropicEnv(), '  Which security groups expose SSH to the internet in PROD ')
    expect(again.code).toBe(0)
    expect(again.json).toMatchObject({ accepted: true, cached: true, usage: { input_tokens: 0 } })
    expect(llm.requests).toHaveLength(1)
    const dir = join(box.home, 'cache', 'cloudops', 'intents')
    const [file] = readdirSync(dir)
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600)
    expect(everythingWritten(again)).not.toContain(anthropicKey)
    expect((await intent(['--no-cache'])).json.cached).toBe(false)
    expect(llm.requests).toHaveLength(2)
  })

  it('refuses a low-confidence answer with its clarification and the candidate playbooks (exit 3)', async () => {
    llm.script(anthropicTool({ ...validIntent, confidence: 0.42, clarification: 'SSH or RDP?' }))
    const r = await intent()
    expect(r.code).toBe(3)
    expect(r.json).toMatchObject({ accepted: false, clarification: 'SSH or RDP?' })
    expect(r.json.candidates.map((c: { playbook: string }) => c.playbook)).toContain('aws-security-group-exposure')
    expect(r.json.reason).toMatch(/confidence 0.42 is below the gate/)
  })

  it.each([
    ['an extra key smuggling a command', { ...validIntent, command: 'aws ec2 delete-security-group --group-id sg-1' }],
    ['an invented intent_type', { ...validIntent, intent_type: 'remediate' }],
    ['confidence out of range', { ...validIntent, confidence: 1.7 }],
    ['a nested extra key', { ...validIntent, target: { ...validIntent.target, action: 'terminate' } }],
  ])('refuses %s however confident, and does not cache it (exit 3)', async (_name, input) => {
    llm.script(anthropicTool(input))
    const r = await intent()
    expect(r.code).toBe(3)
    expect(r.json.accepted).toBe(false)
    expect(r.json.reason).toMatch(/the intent is invalid/)
    await intent()
    expect(llm.requests).toHaveLength(2)
  })

  it.each([
    ['prose instead of the tool', anthropicText('The groups sg-1 and sg-2 look open.'), /prose/],
    ['a refusal', anthropicText('I cannot help with that.', 'refusal'), /refused/],
    ['a max_tokens stop', anthropicTool({ intent_type: 'audit' }, 'max_tokens'), /ran out of output tokens/],
  ])('refuses %s (exit 3)', async (_name, reply, reason) => {
    llm.script(reply)
    const r = await intent()
    expect(r.code).toBe(3)
    expect(r.json).toMatchObject({ accepted: false, intent: null })
    expect(r.json.reason).toMatch(reason)
    expect(auditRecords().find((a) => a.kind === 'llm_call')?.data).toMatchObject({ outcome: 'not_accepted' })
  })

  it('retries a 429 and succeeds', async () => {
    llm.script(anthropicError(429, 'rate_limit_error', 'slow down'), anthropicTool(validIntent))
    const r = await intent()
    expect(r.code, r.stderr).toBe(0)
    expect(llm.requests).toHaveLength(2)
  })

  it('gives up on a persistent 500 after bounded retries: one line, exit 1, audited', async () => {
    llm.script(anthropicError(500, 'api_error', 'internal trouble'))
    const r = await intent()
    expect(r.code).toBe(1)
    expect(llm.requests).toHaveLength(3)
    expect(failure(r)).toMatch(/the Anthropic API failed \(500, 3 attempts\): internal trouble/)
    const calls = auditRecords().filter((a) => a.kind === 'llm_call')
    expect(calls[0]?.data).toMatchObject({ outcome: 'failed' })
    expect(auditRecords().at(-1)?.kind).toBe('command_failed')
  })

  it('names the variable on a 401, does not retry, and never prints the key', async () => {
    llm.script(anthropicError(401, 'authentication_error', `invalid x-api-key ${anthropicKey}`))
    const r = await intent()
    expect(r.code).toBe(1)
    expect(llm.requests).toHaveLength(1)
    expect(failure(r)).toMatch(/rejected the API key from ANTHROPIC_API_KEY \(401\)/)
    expect(everythingWritten(r)).not.toContain(anthropicKey)
  })

  it('times out a server that never answers (llm.timeout_seconds), then exits 1', async () => {
    configure('  provider: anthropic\n  timeout_seconds: 0.3')
    llm.script({ hang: true })
    const r = await intent()
    expect(r.code).toBe(1)
    expect(failure(r)).toMatch(/did not answer within 0.3 s \(3 attempts\)/)
    expect(llm.requests).toHaveLength(3)
  })

  it('says which variable to set when no key is configured (exit 2, no call)', async () => {
    const r = await intent([], { ANTHROPIC_BASE_URL: llm.url })
    expect(r.code).toBe(2)
    expect(failure(r)).toMatch(/ANTHROPIC_API_KEY is not set/)
    expect(llm.requests).toHaveLength(0)
  })

  it('reads a 0600 key file and refuses one others can read', async () => {
    const keyFile = join(box.home, 'anthropic.key')
    writeFileSync(keyFile, `${anthropicKey}\n`, { mode: 0o644 })
    configure(`  provider: anthropic\n  key_file: ${keyFile}`)
    const loose = await intent([], { ANTHROPIC_BASE_URL: llm.url })
    expect(loose.code).toBe(2)
    expect(failure(loose)).toMatch(/readable by others \(mode 644\).*chmod 600/s)
    expect(llm.requests).toHaveLength(0)
    const { chmodSync } = await import('node:fs')
    chmodSync(keyFile, 0o600)
    llm.script(anthropicTool(validIntent))
    const ok = await intent([], { ANTHROPIC_BASE_URL: llm.url })
    expect(ok.code, ok.stderr).toBe(0)
    expect(headersCarrying(llm.requests[0], anthropicKey)).toHaveLength(1)
  })

  it('refuses to call when the prompt would exceed llm.max_tokens_per_run (exit 1, no call)', async () => {
    configure('  provider: anthropic\n  max_tokens_per_run: 500')
    const r = await intent()
    expect(r.code).toBe(1)
    expect(failure(r)).toMatch(/token budget \(llm.max_tokens_per_run = 500\) is too small/)
    expect(llm.requests).toHaveLength(0)
  })

  it('redacts secrets in the question before it is sent or audited', async () => {
    llm.script(anthropicTool(validIntent))
    const leaky = `${question} my key is AKIAIOSFODNN7EXAMPLE`
    const r = await intent([], anthropicEnv(), leaky)
    expect(r.code, r.stderr).toBe(0)
    expect(llm.requests[0]?.raw).not.toContain('AKIAIOSFODNN7EXAMPLE')
    expect(llm.requests[0]?.raw).toContain('[REDACTED:aws-key-id]')
    expect(everythingWritten(r)).not.toContain('AKIAIOSFODNN7EXAMPLE')
  })

  it('drives `ask --dry-run` and reports the tokens spent', async () => {
    llm.script(anthropicTool(validIntent))
    const r = await box.runAsync(['ask', '--dry-run', question, '--json'], { env: anthropicEnv() })
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.plan.playbook.name).toBe('aws-security-group-exposure')
    expect(report.llm).toMatchObject({ provider: 'anthropic', input_tokens: 1200, output_tokens: 80 })
  })
})

describe('a question that names one object', () => {
  const named = {
    intent_type: 'investigate',
    target: {
      provider: 'kubernetes',
      resource_type: 'kubernetes_pod',
      scope: 'prod',
      name: 'data-processor',
      kind: 'pod',
      namespace: 'etl',
    },
    goal: 'diagnose',
    confidence: 0.91,
  }

  it('the model fills target.name and target.kind, and the plan diagnoses that object with them as params', async () => {
    llm.script(anthropicTool(named))
    const q = 'why is the data-processor pod in etl failing to start in prod?'
    const r = await box.runAsync(['ask', '--dry-run', q, '--json'], { env: anthropicEnv() })
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.plan.playbook.name).toBe('k8s-diagnose')
    expect(report.plan.steps[0]).toMatchObject({
      action: 'k8s.objects.find',
      params: { name: 'data-processor', kind: 'pod', namespace: 'etl' },
    })
    // The model is told about name and kind, in the tool's schema and in the rules.
    const body = llm.requests[0]?.body as {
      tools: { input_schema: { properties: { target: { properties: object } } } }[]
      system: string
    }
    expect(Object.keys(body.tools[0]?.input_schema.properties.target.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'kind']),
    )
    expect(JSON.stringify(body.system)).toContain('target.name')
  })

  it('refuses a kind of the other provider (exit 3), and a name that is not a name', async () => {
    llm.script(anthropicTool({ ...named, target: { ...named.target, kind: 'security_group' } }))
    const wrongKind = await intent()
    expect(wrongKind.code).toBe(3)
    expect(wrongKind.json.reason).toBe('a security_group is not a kubernetes object')
    llm.script(anthropicTool({ ...named, target: { ...named.target, name: 'x; kubectl delete ns prod' } }))
    const notAName = await intent()
    expect(notAName.code).toBe(3)
    expect(notAName.json.reason).toMatch(/invalid/)
  })
})

describe('doctor', () => {
  it('says which provider and where its key comes from, never the key, and makes no call', async () => {
    const r = await box.runAsync(['doctor', '--json'], { env: anthropicEnv() })
    const check = JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'LLM provider')
    expect(check).toMatchObject({ ok: true })
    expect(check.detail).toMatch(/anthropic claude-haiku-4-5 at http:\/\/127\.0\.0\.1:\d+, key from ANTHROPIC_API_KEY/)
    expect(r.stdout + r.stderr).not.toContain(anthropicKey)
    expect(llm.requests).toHaveLength(0)
    const missing = await box.runAsync(['doctor', '--json'], { env: {} })
    const failed = JSON.parse(missing.stdout).checks.find((c: { name: string }) => c.name === 'LLM provider')
    expect(failed).toMatchObject({ ok: false })
    expect(failed.detail).toMatch(/ANTHROPIC_API_KEY is not set/)
  })
})

describe('openai', () => {
  beforeEach(() => configure('  provider: openai'))
  const strictAnswer = JSON.stringify({
    ...validIntent,
    target: { ...validIntent.target, namespace: null, region: null },
    time_range: null,
    clarification: null,
    reason: null,
  })

  it('asks for a strict json_schema, sends the key only as a bearer token, and accepts nulls as absent', async () => {
    llm.script(openaiAnswer(strictAnswer))
    const r = await intent([], openaiEnv())
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ accepted: true, provider: 'openai', usage: { cost_usd: 0.00013 } })
    const req = llm.requests[0]
    expect(req?.path).toBe('/v1/chat/completions')
    expect(headersCarrying(req, openaiKey)).toEqual(['authorization'])
    expect(req?.headers.authorization).toBe(`Bearer ${openaiKey}`)
    const body = req?.body as { model: string; response_format: { type: string; json_schema: { strict: boolean } } }
    expect(body.model).toBe('gpt-5-nano')
    expect(body.response_format.type).toBe('json_schema')
    expect(body.response_format.json_schema.strict).toBe(true)
    expect(req?.raw).not.toContain(openaiKey)
    expect(everythingWritten(r)).not.toContain(openaiKey)
  })

  it.each([
    ['prose', openaiAnswer('Sure! Here are the open groups.'), /prose/],
    ['a refusal', openaiAnswer(null, { refusal: 'I will not.' }), /refused/],
    ['a length stop', openaiAnswer('{"intent_type": "au', { finish_reason: 'length' }), /ran out of output tokens/],
    ['an extra key', openaiAnswer(JSON.stringify({ ...validIntent, run: 'rm -rf /' })), /invalid/],
  ])('refuses %s (exit 3)', async (_name, reply, reason) => {
    llm.script(reply)
    const r = await intent([], openaiEnv())
    expect(r.code).toBe(3)
    expect(r.json.reason).toMatch(reason)
  })

  it('names OPENAI_API_KEY on a 401', async () => {
    llm.script(openaiError(401, 'Incorrect API key provided'))
    const r = await intent([], openaiEnv())
    expect(r.code).toBe(1)
    expect(failure(r)).toMatch(/the OpenAI API rejected the API key from OPENAI_API_KEY \(401\)/)
  })

  it('retries a 429 and succeeds', async () => {
    llm.script(openaiError(429, 'Rate limit reached'), openaiAnswer(strictAnswer))
    const r = await intent([], openaiEnv())
    expect(r.code, r.stderr).toBe(0)
    expect(llm.requests).toHaveLength(2)
  })
})

describe('openai-compatible', () => {
  it('talks to llm.base_url with the configured model and no key, and still validates the answer', async () => {
    configure(`  provider: openai-compatible\n  base_url: ${llm.url}/v1\n  model: llama3.1:8b`)
    llm.script(openaiAnswer(`\`\`\`json\n${JSON.stringify(validIntent)}\n\`\`\``, { model: 'llama3.1:8b' }))
    const r = await intent([], {})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ accepted: true, provider: 'openai-compatible', model: 'llama3.1:8b' })
    expect(llm.requests[0]?.body.max_tokens).toBeGreaterThan(0)
    llm.script(openaiAnswer(JSON.stringify({ ...validIntent, intent_type: 'delete' }), { model: 'llama3.1:8b' }))
    const bad = await intent(['--no-cache'], {})
    expect(bad.code).toBe(3)
  })

  it('needs a model name (exit 2)', async () => {
    configure(`  provider: openai-compatible\n  base_url: ${llm.url}/v1`)
    const r = await intent([], {})
    expect(r.code).toBe(2)
    expect(failure(r)).toMatch(/needs a model name/)
  })
})
