// A `resource:` deny applies to what a step actually reaches: the namespace from its params, else the
// environment's default namespace, else every namespace (which a namespace deny covers too).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliSandbox, type Sandbox } from '../support/cli.js'

let sb: Sandbox
let policy: string
beforeAll(() => {
  sb = cliSandbox()
  const dir = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'environments:',
      '  sys: { kubernetes: { context: x, namespace: kube-system } }',
      '  shop: { kubernetes: { context: x, namespace: shop } }',
      '  cluster: { kubernetes: { context: x } }',
      '',
    ].join('\n'),
  )
  policy = join(sb.home, 'policy.yaml')
  writeFileSync(
    policy,
    [
      'version: 1',
      'default: allow',
      'rules:',
      '  - id: not-kube-system',
      '    effect: deny',
      '    match: { resource: ["namespace/kube-system"] }',
      '',
    ].join('\n'),
  )
})
afterAll(() => sb.cleanup())

function decisions(...args: string[]) {
  const r = sb.run(['plan', '--playbook', 'k8s-pending-pods', '--policy', policy, '--json', ...args])
  expect(r.code, r.stderr).toBe(0)
  const plan = JSON.parse(r.stdout)
  return Object.fromEntries(plan.policy.decisions.map((d: { step: string; effect: string }) => [d.step, d]))
}

describe('namespace denies on the effective target', () => {
  it('denies an explicit --param namespace=kube-system, and allows another namespace', () => {
    expect(decisions('--env', 'cluster', '--param', 'namespace=kube-system').pods.effect).toBe('deny')
    expect(decisions('--env', 'cluster', '--param', 'namespace=shop').pods.effect).toBe('allow')
  })

  it("denies a step that reaches kube-system through the environment's default namespace", () => {
    expect(decisions('--env', 'sys').pods.effect).toBe('deny')
    expect(decisions('--env', 'shop').pods.effect).toBe('allow')
  })

  it('denies an all-namespaces read while a namespace deny exists, and says how to narrow it', () => {
    const d = decisions('--env', 'cluster').pods
    expect(d.effect).toBe('deny')
    expect(d.reason).toMatch(/reads every namespace.*--param namespace=NAME/)
  })

  it('run stops before any call (exit 4) and names the rule', () => {
    const r = sb.run(['run', 'k8s-pending-pods', '--env', 'sys', '--policy', policy, '--json'])
    expect(r.code).toBe(4)
    expect(r.stderr + r.stdout).toMatch(/not-kube-system/)
  })
})
