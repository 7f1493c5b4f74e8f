import { createHash } from 'node:crypto'
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

describe('loadPolicyFile errors, exactly', () => {
  const problem = (file: string) => {
    try {
      loadPolicyFile(file)
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError)
      const e = err as UsageError
      return { message: e.message, hint: e.hint, details: e.details }
    }
    throw new Error(`${file} loaded`)
  }
  const rule = (id: string, extra = '    match: { risk: [read] }\n') => `  - id: ${id}\n    effect: deny\n${extra}`

  it('a schema problem: the first one, its line, how to check the fix, and every problem in the details', () => {
    const file = write('p.yaml', `version: 2\nrules:\n${rule('a')}`)
    expect(problem(file)).toEqual({
      message: `invalid policy: ${file}:1: version must be 1`,
      hint: `Fix ${file}; \`cloudops policy show --policy ${file}\` validates it.`,
      details: { problems: [{ file, line: 1, message: 'version must be 1' }] },
    })
  })

  it('names the rule of a problem by its index, past rule 9 too', () => {
    const rules = Array.from({ length: 12 }, (_, i) => rule(`r${i}`)).join('')
    const file = write(
      'p.yaml',
      `version: 1\nrules:\n${rules.replace('  - id: r11\n    effect: deny', '  - id: r11\n    effect: nope')}`,
    )
    expect(problem(file).message).toBe(
      `invalid policy: ${file}:37: rule "r11": rules.11.effect must be one of: allow, require_approval, deny`,
    )
  })

  it('names no rule when the rule has no string id, or when there is no such rule', () => {
    const empty = write('e.yaml', 'version: 1\nrules:\n  -\n')
    expect(problem(empty).message).toBe(`invalid policy: ${empty}:3: rules.0 must be object`)
    const numbered = write('n.yaml', `version: 1\nrules:\n${rule('5')}`)
    expect(problem(numbered).message).toBe(`invalid policy: ${numbered}:3: rules.0.id must be string`)
    // "rules.0" here is a key of its own, and rules is no list.
    const key = write('k.yaml', 'version: 1\nrules.0: x\nrules: null\n')
    expect(problem(key).message).toBe(`invalid policy: ${key}:2: unknown key "rules.0" in the top level`)
  })

  it('a duplicate id: at the line of the second id, with a hint', () => {
    const file = write('d.yaml', `version: 1\nrules:\n${rule('a')}${rule('b')}${rule('a')}`)
    expect(problem(file)).toEqual({
      message: `${file}:9: duplicate rule id "a"`,
      hint: 'Give every rule its own id.',
      details: undefined,
    })
    // The line of the id itself, not of the rule it is in.
    const later = write(
      'l.yaml',
      `version: 1\nrules:\n${rule('a')}  - effect: deny\n    match: { risk: [write] }\n    id: a\n`,
    )
    expect(problem(later).message).toBe(`${later}:8: duplicate rule id "a"`)
  })

  it('a bad glob: at its line, naming the rule and the key, with what globs may use', () => {
    const file = write(
      'g.yaml',
      `version: 1\nrules:\n${rule('a')}${rule('b', '    match:\n      env:\n        - prod\n        - "pr od"\n')}`,
    )
    expect(problem(file)).toEqual({
      message: `${file}:11: rule "b": bad glob "pr od" in match.env`,
      hint: 'Globs may use letters, digits, . _ - : / @ and the wildcards * and ? only.',
      details: undefined,
    })
  })

  it('a file that cannot be read: why, and what to pass instead', () => {
    const file = join(dir, 'nope.yaml')
    expect(problem(file)).toEqual({
      message: `cannot read policy ${file}: no such file`,
      hint: 'Pass an existing file with --policy or CLOUDOPS_POLICY.',
      details: undefined,
    })
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
    // The hash covers both files: it is the sha256 of their two hashes.
    const userHash = loadPolicyFile(user).sha256
    const projectHash = loadPolicyFile(project).sha256
    expect(loaded.sha256).toBe(createHash('sha256').update(`${userHash}\n${projectHash}`).digest('hex'))
    // Without the project file, the user's policy alone is in force.
    expect(loadPolicy({ env: {}, cwd: dir, paths }).source).toBe(user)
  })
})

describe("a project policy's restrictions", () => {
  const paths = () => resolvePaths({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg') })
  const policyText = (readOnly: boolean, fallback: string, effect = 'deny') =>
    `version: 1\nread_only: ${readOnly}\ndefault: ${fallback}\nrules:\n  - id: r\n    effect: ${effect}\n    match: { env: [x] }\n`
  const combined = (user: string, project: string) => {
    write('cfg/cloudops/policy.yaml', user)
    write('repo/.cloudops/policy.yaml', project)
    return loadPolicy({ env: {}, cwd: join(dir, 'repo'), paths: paths() }).policy
  }

  it('read-only when either policy is', () => {
    const ro = (a: boolean, b: boolean) => combined(policyText(a, 'deny'), policyText(b, 'deny')).read_only
    expect(ro(false, false)).toBe(false)
    expect(ro(true, false)).toBe(true)
    expect(ro(false, true)).toBe(true)
    expect(ro(true, true)).toBe(true)
  })

  it('the stricter default of the two', () => {
    const fallback = (a: string, b: string) => combined(policyText(false, a), policyText(false, b)).default
    expect(fallback('allow', 'deny')).toBe('deny')
    expect(fallback('allow', 'require_approval')).toBe('require_approval')
    expect(fallback('deny', 'require_approval')).toBe('deny')
    expect(fallback('require_approval', 'allow')).toBe('require_approval')
    expect(fallback('allow', 'allow')).toBe('allow')
  })

  it('refuses a project rule that allows, saying where such a rule belongs', () => {
    write('cfg/cloudops/policy.yaml', policyText(false, 'deny'))
    const project = write('repo/.cloudops/policy.yaml', policyText(false, 'deny', 'allow'))
    let err: unknown
    try {
      loadPolicy({ env: {}, cwd: join(dir, 'repo'), paths: paths() })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).message).toBe(
      `${project}: rule "r" allows; a project policy may only add restrictions (deny or require_approval)`,
    )
    expect((err as UsageError).hint).toBe(
      'Remove the rule, or move it to your own policy ($XDG_CONFIG_HOME/cloudops/policy.yaml).',
    )
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
