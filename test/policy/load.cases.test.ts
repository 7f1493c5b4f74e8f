// Policy loading cases a mutation review found untested: a policy with env/action/resource globs decides exactly as
// written, unknown keys are refused, and a file that cannot be read says why (permission denied is not "missing").
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { decideStep, type PolicyStep } from '../../src/policy/evaluate.js'
import { loadPolicyFile } from '../../src/policy/load.js'

// Root reads a mode-000 file, so EACCES is also simulated: readFileSync fails for the paths listed here.
const denied = vi.hoisted(() => new Set<string>())
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    if (typeof args[0] === 'string' && denied.has(args[0])) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${args[0]}'`), { code: 'EACCES' })
    }
    return fs.readFileSync(...args)
  }) as typeof fs.readFileSync
  return { ...fs, readFileSync, default: { ...fs, readFileSync } }
})

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-policy-cases-'))
})
afterEach(() => {
  denied.clear()
  rmSync(dir, { recursive: true, force: true })
})

const write = (name: string, text: string) => {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

const globs = `version: 1
read_only: false
default: deny
rules:
  - id: reads-anywhere
    effect: allow
    match: { risk: [read] }
  - id: prod-ec2-approval
    effect: require_approval
    reason: prod EC2 needs a second pair of eyes
    match: { env: ["prod-*"], action: ["aws.ec2.*"] }
  - id: no-kube-system
    effect: deny
    match: { resource: ["namespace/kube-?ystem"] }
  - id: writes-in-dev
    effect: allow
    match: { env: [dev], risk: [write] }
`

const step = (action: string, extra: Partial<PolicyStep> = {}): PolicyStep => ({
  id: 's',
  provider: action.startsWith('aws.') ? 'aws' : 'kubernetes',
  action,
  risk: 'read',
  ...extra,
})

describe('a valid policy with env, action and resource globs', () => {
  it('loads as written: its own read_only and default, every rule in order', () => {
    const loaded = loadPolicyFile(write('p.yaml', globs))
    expect(loaded.source).toBe(join(dir, 'p.yaml'))
    expect(loaded.policy.read_only).toBe(false)
    expect(loaded.policy.default).toBe('deny')
    expect(loaded.policy.rules.map((r) => r.id)).toEqual([
      'reads-anywhere',
      'prod-ec2-approval',
      'no-kube-system',
      'writes-in-dev',
    ])
    expect(loaded.policy.rules[1]).toEqual({
      id: 'prod-ec2-approval',
      effect: 'require_approval',
      reason: 'prod EC2 needs a second pair of eyes',
      match: { env: ['prod-*'], action: ['aws.ec2.*'] },
    })
  })

  it.each([
    ['a read in dev', step('aws.ec2.describe_instances'), 'dev', 'allow', ['reads-anywhere']],
    [
      'an EC2 read in prod-eu (env and action globs)',
      step('aws.ec2.describe_instances'),
      'prod-eu',
      'require_approval',
      ['prod-ec2-approval'],
    ],
    ['an S3 read in prod-eu (action glob misses)', step('aws.s3.list_buckets'), 'prod-eu', 'allow', ['reads-anywhere']],
    [
      'an EC2 read in "prod" (env glob needs the dash)',
      step('aws.ec2.describe_instances'),
      'prod',
      'allow',
      ['reads-anywhere'],
    ],
    [
      'a read in kube-system (resource glob)',
      step('k8s.pods.list', { resources: ['namespace/kube-system'] }),
      'dev',
      'deny',
      ['no-kube-system'],
    ],
    [
      'a read in kube-public',
      step('k8s.pods.list', { resources: ['namespace/kube-public'] }),
      'dev',
      'allow',
      ['reads-anywhere'],
    ],
    ['a write in dev', step('aws.ec2.create_tags', { risk: 'write' }), 'dev', 'allow', ['writes-in-dev']],
    [
      'a write in staging (no rule: the default)',
      step('aws.ec2.create_tags', { risk: 'write' }),
      'staging',
      'deny',
      ['default'],
    ],
  ] as const)('%s', (_name, s, env, effect, rules) => {
    const { policy } = loadPolicyFile(write('p.yaml', globs))
    const decision = decideStep(policy, s, env)
    expect(decision.effect).toBe(effect)
    expect(decision.rules).toEqual(rules)
  })
})

describe('unknown keys are refused', () => {
  it.each([
    ['at the top', globs.replace('read_only: false', 'readonly: false'), /unknown key "readonly" in the top level/],
    [
      'in a rule',
      globs.replace('    reason: prod', '    why: prod'),
      /rule "prod-ec2-approval": unknown key "why" in rules\.1/,
    ],
    [
      'in a match',
      globs.replace('match: { env: [dev]', 'match: { envs: [dev]'),
      /rule "writes-in-dev": unknown key "envs" in rules\.3\.match/,
    ],
  ])('%s', (_name, text, message) => {
    const file = write('p.yaml', text)
    expect(() => loadPolicyFile(file)).toThrowError(UsageError)
    expect(() => loadPolicyFile(file)).toThrowError(message)
  })
})

describe('a file that cannot be read says why', () => {
  const missing = /cannot read policy .*: no such file$/

  it('a missing file is reported as missing', () => {
    const file = join(dir, 'nope.yaml')
    expect(() => loadPolicyFile(file)).toThrowError(UsageError)
    expect(() => loadPolicyFile(file)).toThrowError(`cannot read policy ${file}: no such file`)
  })

  it.skipIf(process.getuid?.() === 0)('a mode-000 file is reported as permission denied, not missing', () => {
    const file = write('locked.yaml', globs)
    chmodSync(file, 0o000)
    expect(() => loadPolicyFile(file)).toThrowError(`cannot read policy ${file}: EACCES`)
    expect(() => loadPolicyFile(file)).not.toThrowError(missing)
  })

  it('EACCES (simulated, so root runs it too) is reported as permission denied, not missing', () => {
    const file = write('locked.yaml', globs)
    denied.add(file)
    expect(() => loadPolicyFile(file)).toThrowError(UsageError)
    expect(() => loadPolicyFile(file)).toThrowError(`cannot read policy ${file}: EACCES`)
    expect(() => loadPolicyFile(file)).not.toThrowError(missing)
    denied.clear()
    expect(loadPolicyFile(file).policy.default).toBe('deny') // the same file, readable, loads
  })
})
