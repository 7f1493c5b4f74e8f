// Input crafted to break the tool (prototype names, absurd durations, YAML alias bombs) is a usage error (exit 2)
// that names what to fix; the ordinary input next to each still works.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getAnalyzer } from '../../src/analyzers/registry.js'
import { resolveEnvironment } from '../../src/planner/environment.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'

let sb: Sandbox
beforeEach(() => {
  sb = cliSandbox()
})
afterEach(() => sb.cleanup())

const errorOf = (r: { stdout: string }) => JSON.parse(r.stdout).error as { code: number; message: string }
const plan = (...args: string[]) => sb.run(['plan', '--playbook', 'k8s-pending-pods', '--json', ...args])

describe('names that exist on every object are not configured names', () => {
  it('--env constructor is not a configured environment: it plans unresolved and does not run', () => {
    expect(resolveEnvironment({}, 'constructor').resolved).toBe(false)
    expect(resolveEnvironment({ environments: { dev: {} } }, 'dev').resolved).toBe(true)
    const planned = plan('--env', 'constructor')
    expect(planned.code).toBe(0)
    expect(JSON.parse(planned.stdout).environment).toMatchObject({ name: 'constructor', resolved: false })
    const r = sb.run(['run', 'k8s-pending-pods', '--env', 'constructor', '--json'])
    expect(r.code).toBe(2)
    expect(errorOf(r).message).toMatch(/environment "constructor" is not configured/)
  })

  it('--env __proto__ is refused by the name pattern', () => {
    const r = plan('--env', '__proto__')
    expect(r.code).toBe(2)
    expect(errorOf(r).message).toMatch(/invalid environment name "__proto__"/)
  })

  it('--env takes a comma list for a fleet; an empty or bad name in it is refused', () => {
    const ok = plan('--env', 'prod,staging')
    expect(ok.code, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout).targets.map((t: { env: string }) => t.env)).toEqual(['prod', 'staging'])
    for (const bad of ['prod,,staging', 'prod,__proto__']) {
      const r = plan('--env', bad)
      expect(r.code, bad).toBe(2)
      expect(errorOf(r).message).toMatch(/invalid environment name "(|__proto__)"/)
    }
  })

  it('--param constructor=x is an unknown param; a declared one is taken', () => {
    const r = plan('--param', 'constructor=x')
    expect(r.code).toBe(2)
    expect(errorOf(r).message).toMatch(/has no param "constructor"/)
    expect(plan('--param', 'namespace=shop').code).toBe(0)
  })

  it('an analyzer named constructor is unknown, and a playbook naming it fails validation instead of crashing', () => {
    expect(getAnalyzer('constructor')).toBeUndefined()
    expect(getAnalyzer('k8s-pending')).toBeDefined()
    const dir = join(sb.home, 'pb')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        'apiVersion: cloudops/v1',
        'kind: Playbook',
        'metadata: { name: bad-analyzer, version: "1.0.0", description: x, provider: kubernetes }',
        'match: { intent_types: [investigate], resource_types: [kubernetes_pod] }',
        'steps:',
        '  - { id: pods, action: k8s.pods.list }',
        'analyze:',
        '  - { analyzer: constructor, inputs: { pods: pods } }',
        '',
      ].join('\n'),
    )
    const r = sb.run(['playbooks', 'validate', join(dir, 'bad.yaml'), '--json'])
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/constructor/)
    expect(sb.run(['playbooks', 'list']).code).toBe(0)
  })
})

describe('plan ttl', () => {
  it('is capped at 30 days, with a usage error naming the flag', () => {
    for (const ttl of ['999999999d', '2000000d', '31d']) {
      const r = plan('--ttl', ttl)
      expect(r.code, ttl).toBe(2)
      expect(errorOf(r).message).toMatch(/--ttl/)
    }
    const ok = plan('--ttl', '30d')
    expect(ok.code).toBe(0)
    const p = JSON.parse(ok.stdout)
    expect(Date.parse(p.expires_at) - Date.parse(p.created_at)).toBe(30 * 86_400_000)
  })
})

describe('YAML alias bombs', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    '',
  ].join('\n')

  it('in config.yaml: exit 2 naming the file; a plain config works', () => {
    const dir = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'config.yaml'), bomb)
    const r = sb.run(['config', 'show', '--json'])
    expect(r.code).toBe(2)
    expect(errorOf(r).message).toMatch(/config\.yaml.*too many YAML aliases/)
    writeFileSync(join(dir, 'config.yaml'), 'environments:\n  dev: { aws: { regions: [us-east-1] } }\n')
    expect(sb.run(['config', 'show']).code).toBe(0)
  })

  it('in a policy file: exit 2 naming the file', () => {
    const file = join(sb.home, 'policy.yaml')
    writeFileSync(file, `version: 1\nrules: []\n${bomb}`)
    const r = sb.run(['policy', 'show', '--policy', file, '--json'])
    expect(r.code).toBe(2)
    expect(errorOf(r).message).toMatch(/policy\.yaml.*too many YAML aliases/)
  })
})

describe('secrets in an LLM base URL', () => {
  it('config show masks the password and query values, and keeps the rest', () => {
    const url = 'https://bob:s3cr3t@gateway.example/v1?key=abc123&team=x'
    expect(sb.run(['config', 'set', 'llm.base_url', url]).code).toBe(0)
    for (const args of [
      ['config', 'show'],
      ['config', 'show', '--json'],
    ]) {
      const r = sb.run(args)
      expect(r.code).toBe(0)
      expect(r.stdout).not.toMatch(/s3cr3t|abc123/)
      expect(r.stdout).toContain('https://bob:[REDACTED]@gateway.example/v1?key=[REDACTED]&team=[REDACTED]')
    }
  })
})

describe('a misspelt --env', () => {
  it('run says "did you mean" and never offers to create the typo; the right name resolves', () => {
    expect(sb.run(['config', 'set', 'environments.sandbox.kubernetes.context', 'x']).code).toBe(0)
    const r = sb.run(['run', 'k8s-pending-pods', '--env', 'sandbx', '--json'])
    expect(r.code).toBe(2)
    const error = JSON.parse(r.stdout).error
    expect(error.message).toMatch(
      /environment "sandbx" is not configured, so the plan cannot run; did you mean sandbox\?/,
    )
    expect(error.hint).toMatch(/Use --env sandbox/)
    expect(error.hint).not.toMatch(/config set environments\.sandbx/)
    expect(JSON.parse(plan('--env', 'sandbox').stdout).environment).toMatchObject({ name: 'sandbox', resolved: true })
  })
})
