// Saved plans: apply refuses (exit 6) anything that moved since review. No cloud is needed to be refused.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cliSandbox, type Sandbox } from '../support/cli.js'

let sb: Sandbox
let planFile: string
beforeEach(() => {
  sb = cliSandbox()
  planFile = join(sb.home, 'plan.json')
})
afterEach(() => sb.cleanup())

const plan = (...extra: string[]) =>
  sb.run(['plan', '--playbook', 'aws-security-group-exposure', '--out', planFile, '--json', ...extra])
const edit = (fn: (p: Record<string, unknown>) => void) => {
  const p = JSON.parse(readFileSync(planFile, 'utf8'))
  fn(p)
  writeFileSync(planFile, JSON.stringify(p))
}
const apply = (...extra: string[]) => sb.run(['apply', planFile, '--json', ...extra])

describe('plan --out and apply', () => {
  it('writes a 0600 plan whose stdout JSON is the same plan, deterministic in content', () => {
    const a = plan()
    expect(a.code).toBe(0)
    const saved = JSON.parse(readFileSync(planFile, 'utf8'))
    expect(JSON.parse(a.stdout)).toEqual(saved)
    expect(saved).toMatchObject({ format_version: 1, playbook: { name: 'aws-security-group-exposure' } })
    const b = JSON.parse(sb.run(['plan', '--playbook', 'aws-security-group-exposure', '--json']).stdout)
    expect(b.content_sha256).toBe(saved.content_sha256)
    expect(b.plan_id).not.toBe(saved.plan_id)
  })

  it('refuses an edited plan', () => {
    plan()
    edit((p) => {
      ;(p.steps as { params: Record<string, unknown> }[])[0]!.params = { vpc_id: 'vpc-0abc' }
    })
    const r = apply()
    expect(r.code).toBe(6)
    expect(JSON.parse(r.stdout).error.message).toMatch(/hash does not match/)
  })

  it('refuses a plan whose hash was recomputed but whose signature no longer matches', async () => {
    expect(sb.run(['config', 'init']).code).toBe(0)
    plan()
    const { canonicalJson, sha256Hex } = await import('../../src/util/hash.js')
    const { contentHash } = await import('../../src/planner/build.js')
    edit((p) => {
      // A real change (an earlier version of this test changed nothing, so it passed while signing was broken).
      ;(p.steps as { params: Record<string, unknown> }[])[0]!.params = { vpc_id: 'vpc-0abc' }
      p.content_sha256 = contentHash(p as never)
      const { hash: _h, signature: _s, ...rest } = p
      p.hash = sha256Hex(canonicalJson(rest))
    })
    const r = apply()
    expect(r.code).toBe(6)
    expect(JSON.parse(r.stdout).error.message).toMatch(/signature is invalid/)
  })

  it('refuses an expired plan, a plan under another policy, and an unknown format', async () => {
    plan('--ttl', '1s')
    await new Promise((r) => setTimeout(r, 1100))
    expect(JSON.parse(apply().stdout).error.message).toMatch(/expired/)

    plan()
    const policy = join(sb.home, 'strict.yaml')
    writeFileSync(policy, 'version: 1\ndefault: deny\nrules: []\n')
    const r = apply('--policy', policy)
    expect(r.code).toBe(6)
    expect(JSON.parse(r.stdout).error.message).toMatch(/policy changed/)

    edit((p) => {
      p.format_version = 2
    })
    expect(JSON.parse(apply().stdout).error.message).toMatch(/format_version 2/)
    writeFileSync(planFile, '{not json')
    expect(apply().code).toBe(6)
  })

  it('refuses a plan whose playbook changed since', () => {
    const dir = join(sb.home, 'pb')
    mkdirSync(dir)
    const shipped = readFileSync(new URL('../../playbooks/aws/aws-unattached-volumes.yaml', import.meta.url), 'utf8')
    const mine = shipped.replace('name: aws-unattached-volumes', 'name: my-volumes')
    writeFileSync(join(dir, 'mine.yaml'), mine)
    expect(sb.run(['plan', '--playbook', 'my-volumes', '--playbooks', dir, '--out', planFile]).code).toBe(0)
    writeFileSync(join(dir, 'mine.yaml'), mine.replace('default: 0', 'default: 5'))
    const r = apply('--playbooks', dir)
    expect(r.code).toBe(6)
    expect(JSON.parse(r.stdout).error.message).toMatch(/playbook my-volumes changed/)
  })

  it('an unconfigured environment plans (marked unresolved) but does not run: exit 2', () => {
    const p = JSON.parse(sb.run(['plan', '--playbook', 'k8s-node-health', '--env', 'prod', '--json']).stdout)
    expect(p.environment).toMatchObject({ name: 'prod', resolved: false })
    const r = sb.run(['run', 'k8s-node-health', '--env', 'prod'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/environment "prod" is not configured/)
  })

  it('policy check shows decisions under the policy in force, and what changed', () => {
    plan()
    const policy = join(sb.home, 'deny.yaml')
    writeFileSync(
      policy,
      'version: 1\nrules:\n  - id: no-ec2\n    effect: deny\n    match: { action: ["aws.ec2.*"] }\n',
    )
    const r = sb.run(['policy', 'check', planFile, '--policy', policy, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).decisions[0]).toMatchObject({ effect: 'deny', rules: ['no-ec2'], changed: true })
  })
})

describe('run, ask and bad input', () => {
  it('a deny in policy stops the run before any call: exit 4, status denied, audited', () => {
    const policy = join(sb.home, 'deny.yaml')
    writeFileSync(
      policy,
      'version: 1\nrules:\n  - id: no-ec2\n    effect: deny\n    match: { action: ["aws.ec2.*"] }\n',
    )
    const r = sb.run(['run', 'aws-instance-inventory', '--policy', policy, '--json'])
    expect(r.code).toBe(4)
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ status: 'denied', summary: { api_calls: 0 } })
    const records = JSON.parse(sb.run(['audit', 'show', report.run_id, '--json']).stdout)
    expect(JSON.stringify(records)).toContain('"status":"denied"')
  })

  it('an unknown param or playbook is a usage error with the fix, and is audited', () => {
    const r = sb.run(['run', 'aws-cost-breakdown', '--param', 'dayz=3'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/has no param "dayz".*Its params are: days/)
    expect(r.stderr).not.toMatch(/at .*\.js:/)
    expect(sb.run(['run', 'nope']).stderr).toMatch(/no playbook named "nope"/)
    const tail = sb.run(['audit', 'tail', '--json']).stdout
    expect(tail).toContain('command_failed')
  })

  it('ask refuses a request to change something: exit 3', () => {
    const r = sb.run(['ask', '--provider', 'offline', 'delete the failing pods in dev', '--json'])
    expect(r.code).toBe(3)
    expect(JSON.parse(r.stdout).error.message).toMatch(/read-only/)
  })
})
