import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { cliSandbox } from '../support/cli.js'

const sandbox = cliSandbox()
afterAll(() => sandbox.cleanup())
const file = (name: string, text: string) => {
  const path = join(sandbox.home, name)
  writeFileSync(path, text)
  return path
}

const policy = file(
  'policy.yaml',
  `version: 1
read_only: false
default: require_approval
rules:
  - id: reads-allowed
    effect: allow
    match: { risk: [read] }
  - id: no-prod-deletes
    effect: deny
    match: { env: [prod], risk: [delete] }
    reason: Deletes in prod are never automated
  - id: unused-rule
    effect: deny
    match: { action: ["k8s.secrets.*"] }
`,
)

describe('cloudops policy', () => {
  it('show prints the built-in policy when there is no file', () => {
    const r = sandbox.run(['policy', 'show', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.source).toBe('built-in')
    expect(out.policy.read_only).toBe(true)
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('show --policy reports the file and its hash, the same hash as `policy hash`', () => {
    const shown = JSON.parse(sandbox.run(['policy', 'show', '--policy', policy, '--json']).stdout)
    const hashed = sandbox.run(['policy', 'hash', policy])
    expect(shown.source).toBe(policy)
    expect(hashed.stdout.trim()).toBe(shown.sha256)
  })

  it('an invalid policy exits 2 with one line naming the rule and line', () => {
    const bad = file('bad.yaml', 'version: 1\nrules:\n  - id: oops\n    effect: allow\n    match: { color: [red] }\n')
    const r = sandbox.run(['policy', 'show', '--policy', bad])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('bad.yaml:5: rule "oops": unknown key "color"')
  })

  it('test passes a correct case file and reports uncovered rules', () => {
    const cases = file(
      'cases.yaml',
      `cases:
  - name: prod delete denied
    step: { action: aws.ec2.delete_volume, env: prod, risk: delete }
    expect: { effect: deny, rules: [no-prod-deletes] }
  - name: dev delete needs approval
    step: { action: aws.ec2.delete_volume, env: dev, risk: delete }
    expect: { effect: require_approval, rules: [default] }
  - name: reads allowed
    step: { action: aws.ec2.describe_instances, env: prod, risk: read }
    expect: { effect: allow }
`,
    )
    const r = sandbox.run(['policy', 'test', cases, '--policy', policy])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('3 passed, 0 failed')
    expect(r.stdout).toContain('rules covered: 2/3 (no case for: unused-rule)')
  })

  it('test exits 1 on a mismatch and shows it', () => {
    const cases = file(
      'wrong.yaml',
      'cases:\n  - name: wrong\n    step: { action: aws.ec2.delete_volume, env: prod, risk: delete }\n    expect: { effect: allow }\n',
    )
    const r = sandbox.run(['policy', 'test', cases, '--policy', policy, '--json'])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout) // the report is the one JSON document on stdout
    expect(r.stderr).toMatch(/^Error: 1 of 1 policy case\(s\) failed/)
    expect(out.failed).toBe(1)
    expect(out.results[0].actual.effect).toBe('deny')
  })

  it('diff is structural: reordering is no change; a changed effect and a new rule are', () => {
    const reordered = file(
      'reordered.yaml',
      `version: 1
read_only: false
default: require_approval
rules:
  - id: unused-rule
    match: { action: ["k8s.secrets.*"] }
    effect: deny
  - id: no-prod-deletes
    effect: deny
    reason: Deletes in prod are never automated
    match: { risk: [delete], env: [prod] }
  - id: reads-allowed
    effect: allow
    match: { risk: [read] }
`,
    )
    expect(sandbox.run(['policy', 'diff', policy, reordered]).stdout).toContain('are the same policy')
    const changed = file(
      'changed.yaml',
      `version: 1
read_only: true
default: require_approval
rules:
  - id: reads-allowed
    effect: require_approval
    match: { risk: [read] }
  - id: new-rule
    effect: deny
    match: { env: [prod] }
`,
    )
    const d = JSON.parse(sandbox.run(['policy', 'diff', policy, changed, '--json']).stdout).diff
    expect(d.top).toEqual([{ field: 'read_only', from: false, to: true }])
    expect(d.added.map((r: { id: string }) => r.id)).toEqual(['new-rule'])
    expect(d.removed.map((r: { id: string }) => r.id)).toEqual(['no-prod-deletes', 'unused-rule'])
    expect(d.changed).toEqual([
      { id: 'reads-allowed', fields: [{ field: 'effect', from: 'allow', to: 'require_approval' }] },
    ])
  })
})

describe('round trips', () => {
  it('policy show -o yaml prints a policy that loads and decides the same (the same rules, in the same order)', () => {
    for (const source of [[], ['--policy', policy]]) {
      const printed = sandbox.run(['policy', 'show', ...source, '-o', 'yaml'])
      expect(printed.code).toBe(0)
      expect(printed.stdout).toMatch(/^# source: .*\n# sha256: [0-9a-f]{64}\nversion: 1\n/)
      const copy = file(`copy-${source.length}.yaml`, printed.stdout)
      const original = JSON.parse(sandbox.run(['policy', 'show', ...source, '--json']).stdout)
      const reloaded = sandbox.run(['policy', 'show', '--policy', copy, '--json'])
      expect(reloaded.code).toBe(0)
      expect(JSON.parse(reloaded.stdout).policy).toEqual(original.policy)
    }
  })

  it('playbooks show -o yaml prints a playbook that validates and is the same playbook', () => {
    for (const name of ['aws-unattached-volumes', 'k8s-diagnose', 'aws-idle-instances']) {
      const printed = sandbox.run(['playbooks', 'show', name, '-o', 'yaml'])
      expect(printed.code).toBe(0)
      // Under its own name it would take the shipped one's: a copy to start from is renamed (see user-playbooks).
      const copy = file(`${name}.yaml`, printed.stdout.replace(`name: ${name}\n`, `name: my-${name}\n`))
      expect(sandbox.run(['playbooks', 'validate', copy])).toMatchObject({ code: 0 })
      const shown = JSON.parse(sandbox.run(['playbooks', 'show', name, '--json']).stdout)
      const { source: _source, ...playbook } = shown
      expect(parse(printed.stdout)).toEqual(playbook)
    }
  })
})

describe('what the help says about policies holds', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'))

  it('the case file in `policy test --help` passes against the built-in policy', () => {
    const description: string = manifest.commands['policy:test'].description
    const example = description.slice(
      description.indexOf('cases:'),
      description.indexOf('\n\n', description.indexOf('cases:')),
    )
    const cases = file('help-cases.yaml', example.replace(/^ {2}/gm, ''))
    const r = sandbox.run(['policy', 'test', cases])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('2 passed, 0 failed')
  })

  it('policy show lists read_only as the rule policy test names, only when it is on', () => {
    expect(sandbox.run(['policy', 'show']).stdout).toMatch(
      /^read_only +deny +risk=write\|delete +read_only: true denies/m,
    )
    expect(sandbox.run(['policy', 'show', '--policy', policy]).stdout).not.toMatch(/^read_only /m)
  })
})
