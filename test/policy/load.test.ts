import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolvePaths } from '../../src/config/paths.js'
import { UsageError } from '../../src/errors.js'
import { decideStep } from '../../src/policy/evaluate.js'
import { globMatcher, isValidGlob } from '../../src/policy/glob.js'
import { loadPolicy, loadPolicyFile } from '../../src/policy/load.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-policy-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const write = (name: string, text: string) => {
  const file = join(dir, name)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, text)
  return file
}
const valid = 'version: 1\nrules:\n  - id: reads\n    effect: allow\n    match: { risk: [read] }\n'

describe('loadPolicyFile', () => {
  it('defaults read_only to true and default to require_approval, and hashes the bytes', () => {
    const p = loadPolicyFile(write('p.yaml', valid))
    expect(p.policy.read_only).toBe(true)
    expect(p.policy.default).toBe('require_approval')
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(loadPolicyFile(write('q.yaml', `${valid}\n`)).sha256).not.toBe(p.sha256)
  })

  it('rejects an unknown key, naming the rule and the line', () => {
    const file = write(
      'p.yaml',
      'version: 1\nrules:\n  - id: ok\n    effect: allow\n    match: { risk: [read] }\n  - id: typo\n    effect: deny\n    match: { enviroment: [prod] }\n',
    )
    expect(() => loadPolicyFile(file)).toThrowError(UsageError)
    expect(() => loadPolicyFile(file)).toThrowError(`${file}:8: rule "typo": unknown key "enviroment" in rules.1.match`)
  })

  it('rejects an unknown top-level key and a bad effect', () => {
    expect(() => loadPolicyFile(write('a.yaml', `${valid}readonly: true\n`))).toThrowError(/unknown key "readonly"/)
    expect(() =>
      loadPolicyFile(
        write('b.yaml', 'version: 1\nrules:\n  - id: x\n    effect: maybe\n    match: { risk: [read] }\n'),
      ),
    ).toThrowError(/rule "x": rules.0.effect must be one of: allow, require_approval, deny/)
  })

  it('rejects a bad glob naming the rule, and duplicate ids', () => {
    const bad = 'version: 1\nrules:\n  - id: g\n    effect: deny\n    match: { action: ["aws.(ec2|s3).*"] }\n'
    expect(() => loadPolicyFile(write('g.yaml', bad))).toThrowError(
      /g\.yaml:5: rule "g": bad glob "aws\.\(ec2\|s3\)\.\*" in match\.action/,
    )
    const dup = `${valid}  - id: reads\n    effect: deny\n    match: { risk: [write] }\n`
    expect(() => loadPolicyFile(write('d.yaml', dup))).toThrowError(/duplicate rule id "reads"/)
  })

  it('says when the file is missing', () => {
    expect(() => loadPolicyFile(join(dir, 'nope.yaml'))).toThrowError(/cannot read policy .*nope\.yaml: no such file/)
  })
})

describe('loadPolicy resolution order', () => {
  it('flag > CLOUDOPS_POLICY > $XDG_CONFIG_HOME > built-in; a flag or variable is named in a notice', () => {
    const paths = resolvePaths({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg') })
    const cwd = join(dir, 'work')
    mkdirSync(cwd)
    const load = (flag?: string, env: Record<string, string> = {}) => loadPolicy({ flag, env, cwd, paths })
    expect(load().source).toBe('built-in')
    const xdg = write('cfg/cloudops/policy.yaml', valid)
    expect(load().source).toBe(xdg)
    expect(load().notices).toEqual([])
    const fromEnv = write('env.yaml', valid)
    expect(load(undefined, { CLOUDOPS_POLICY: fromEnv })).toMatchObject({
      source: fromEnv,
      notices: [`policy: ${fromEnv} (from CLOUDOPS_POLICY)`],
    })
    const fromFlag = write('flag.yaml', valid)
    expect(load(fromFlag, { CLOUDOPS_POLICY: fromEnv })).toMatchObject({
      source: fromFlag,
      notices: [`policy: ${fromFlag} (from --policy)`],
    })
  })

  it("a project's ./.cloudops/policy.yaml adds restrictions and never drops the user's denies", () => {
    const paths = resolvePaths({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg2') })
    const cwd = join(dir, 'repo')
    const user = write(
      'cfg2/cloudops/policy.yaml',
      'version: 1\ndefault: allow\nrules:\n  - id: no-kube-system\n    effect: deny\n    match: { resource: ["namespace/kube-system"] }\n',
    )
    // A cloned repository whose policy tries to replace the user's with "allow everything", then to add a deny.
    write(
      'repo/.cloudops/policy.yaml',
      'version: 1\ndefault: allow\nrules:\n  - id: all\n    effect: allow\n    match: { risk: [read] }\n',
    )
    expect(() => loadPolicy({ env: {}, cwd, paths })).toThrowError(/rule "all" allows; a project policy may only add/)
    const project = write(
      'repo/.cloudops/policy.yaml',
      'version: 1\ndefault: allow\nrules:\n  - id: no-prod\n    effect: deny\n    match: { env: [prod] }\n',
    )
    const loaded = loadPolicy({ env: {}, cwd, paths })
    expect(loaded.source).toBe(`${user} + ${project}`)
    expect(loaded.notices?.[0]).toMatch(/adding the restrictions of .*repo\/\.cloudops\/policy\.yaml/)
    expect(loaded.policy.rules.map((r) => r.id)).toEqual(['no-kube-system', 'project:no-prod'])
    const step = { id: 's', provider: 'kubernetes', action: 'k8s.pods.list', risk: 'read' as const }
    expect(decideStep(loaded.policy, { ...step, resources: ['namespace/kube-system'] }, 'dev').effect).toBe('deny')
    expect(decideStep(loaded.policy, step, 'prod').effect).toBe('deny')
    expect(decideStep(loaded.policy, step, 'dev').effect).toBe('allow') // the success next to both refusals
    // Without the project file, the user's policy alone is in force.
    expect(loadPolicy({ env: {}, cwd: dir, paths }).source).toBe(user)
  })
})

describe('globs', () => {
  it('match * and ? anchored, and treat everything else literally', () => {
    expect(globMatcher('aws.ec2.*')('aws.ec2.describe_instances')).toBe(true)
    expect(globMatcher('aws.ec2.*')('xaws.ec2.y')).toBe(false)
    expect(globMatcher('aws.ec2.*')('awsXec2.y')).toBe(false) // the dot is literal
    expect(globMatcher('prod-?')('prod-1')).toBe(true)
    expect(isValidGlob('a[b]')).toBe(false)
    expect(isValidGlob('**')).toBe(false)
  })
})
