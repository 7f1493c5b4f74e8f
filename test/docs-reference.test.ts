// The examples in docs/ are what cloudops accepts: the annotated playbook validates, the example policy loads and
// decides as its comments say. (The field tables are generated from the schemas: test/config/defaults.test.ts.)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cliSandbox } from './support/cli.js'

const sb = cliSandbox()
afterAll(() => sb.cleanup())

/** The first ```yaml block of a doc, written to a file in the sandbox (in `dir`, when given). */
function example(doc: string, name: string, dir = sb.home): string {
  const text = readFileSync(new URL(`../${doc}`, import.meta.url), 'utf8')
  const yaml = /```yaml\n([\s\S]*?)```/.exec(text)?.[1]
  if (!yaml) throw new Error(`${doc} has no yaml example`)
  const file = join(dir, name)
  writeFileSync(file, yaml)
  return file
}

describe('docs/playbooks.md', () => {
  it('the annotated playbook validates and plans, and its minimum is enforced', () => {
    const dir = join(sb.home, 'playbooks')
    mkdirSync(dir)
    const file = example('docs/playbooks.md', 'big-unattached-volumes.yaml', dir)
    expect(sb.run(['playbooks', 'validate', file])).toMatchObject({ code: 0 })
    const plan = sb.run(['plan', '--playbook', 'big-unattached-volumes', '--playbooks', dir, '--json'])
    expect(plan.code, plan.stderr).toBe(0)
    expect(JSON.parse(plan.stdout).analyze[0].with).toEqual({ min_size_gib: 100 })
    const low = sb.run([
      'plan',
      '--playbook',
      'big-unattached-volumes',
      '--playbooks',
      dir,
      '--param',
      'min_size_gib=0',
    ])
    expect(low.code).toBe(2)
    expect(low.stderr).toMatch(/min_size_gib/)
  })
})

describe('docs/policy.md', () => {
  it('the example policy loads and decides as its comments say', () => {
    const policy = example('docs/policy.md', 'example-policy.yaml')
    expect(sb.run(['policy', 'show', '--policy', policy]).code).toBe(0)
    const cases = join(sb.home, 'cases.yaml')
    writeFileSync(
      cases,
      [
        'cases:',
        '  - step: { action: k8s.pods.previous_logs, env: prod }',
        '    expect: { effect: require_approval, rules: [prod-logs-need-a-person] }',
        '  - step: { action: k8s.pods.previous_logs, env: dev }',
        '    expect: { effect: allow, rules: [reads-allowed] }',
        '  - step: { action: k8s.secrets.get, env: dev, risk: read }',
        '    expect: { effect: deny, rules: [no-secrets] }',
        '  - step: { action: aws.ec2.delete_volume, env: dev, risk: delete }',
        '    expect: { effect: deny, rules: [read_only] }',
        '',
      ].join('\n'),
    )
    const r = sb.run(['policy', 'test', cases, '--policy', policy])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('4 passed, 0 failed')
  })
})
