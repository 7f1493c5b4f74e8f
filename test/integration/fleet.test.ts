// Fleet runs against real servers: two kube-apiservers (the shared one, reached through two contexts, and one this
// file starts and later stops) and moto in three regions. One question, one run id, one merged report; a target
// that is denied or unreachable fails alone and the run is partial (exit 5) with every other target's findings.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { stringify } from 'yaml'
import type { RunReport } from '../../src/report/types.js'
import { findingsOf, pipelineSandbox, runJson } from '../support/pipeline.js'
import { type Kube, startKube } from '../support/servers/kube.js'
import { createSecurityGroup, ec2, tcp } from '../support/servers/seed-aws.js'
import { createNamespace, createPod, podStatus } from '../support/servers/seed-k8s.js'

const kubeA = inject('kube')
const moto = inject('moto')
const sb = pipelineSandbox({ moto, kube: kubeA })
const ns = 'it-fleet'
const configFile = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml')
let kubeB: Kube | undefined
let sgEast = ''
let sgWest = ''

const config = (prodContexts = ['fleet-a1', 'fleet-b']) =>
  writeFileSync(
    configFile,
    stringify({
      environments: {
        prod: { aws: { regions: ['us-east-1', 'eu-west-1'] }, kubernetes: { contexts: prodContexts } },
        staging: { aws: { regions: ['us-west-2'] }, kubernetes: { context: 'fleet-a2' } },
      },
      groups: { everything: ['prod', 'staging'] },
    }),
  )

/** Cluster a is reached through two contexts (fleet-a1 in prod, fleet-a2 in staging), cluster b through fleet-b. */
function kubeconfig(a: Pick<Kube, 'server' | 'ca' | 'adminToken'>, b: Pick<Kube, 'server' | 'ca' | 'adminToken'>) {
  const cluster = (name: string, k: typeof a) => ({
    name,
    cluster: { server: k.server, 'certificate-authority-data': Buffer.from(k.ca).toString('base64') },
  })
  const file = join(sb.home, 'fleet-kubeconfig')
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [cluster('a', a), cluster('b', b)],
      users: [
        { name: 'admin-a', user: { token: a.adminToken } },
        { name: 'admin-b', user: { token: b.adminToken } },
      ],
      contexts: [
        { name: 'fleet-a1', context: { cluster: 'a', user: 'admin-a' } },
        { name: 'fleet-a2', context: { cluster: 'a', user: 'admin-a' } },
        { name: 'fleet-b', context: { cluster: 'b', user: 'admin-b' } },
      ],
      'current-context': 'fleet-a1',
    }),
  )
  sb.env.KUBECONFIG = file
}

beforeAll(async () => {
  kubeB = await startKube()
  kubeconfig(kubeA, kubeB)
  config()
  for (const [kube, pod] of [
    [kubeA, 'crash-a'],
    [kubeB, 'crash-b'],
  ] as const) {
    await createNamespace(kube, ns)
    await createPod(kube, { namespace: ns, name: pod, status: podStatus.crashLoop('app', { restarts: 9 }) })
    await createPod(kube, { namespace: ns, name: `ok-${pod}`, status: podStatus.running(['app']) })
  }
  const open = [tcp(22, '0.0.0.0/0')]
  sgEast = await createSecurityGroup(ec2(moto.endpoint, 'us-east-1'), 'it-fleet-east', open)
  sgWest = await createSecurityGroup(ec2(moto.endpoint, 'us-west-2'), 'it-fleet-west', open)
}, 180_000)

afterAll(async () => {
  await kubeB?.stop()
  sb.cleanup()
})

const crashloops = (args: string[] = []) =>
  runJson(sb, ['run', 'k8s-crashloop-pods', '--env', 'everything', '--param', `namespace=${ns}`, ...args])
const targetsOf = (report: RunReport) => Object.fromEntries((report.targets ?? []).map((t) => [t.id, t]))
const crashFindings = (report: RunReport) =>
  findingsOf(report, 'k8s-crashloop')
    .map((f) => `${f.target} ${f.resource.id}`)
    .sort()

describe('fleet runs: one playbook on every target of a group', () => {
  it('plans the fan-out before anything runs: a target per context, each step and analysis naming its own', () => {
    const r = sb.run(['plan', '--playbook', 'k8s-crashloop-pods', '--env', 'everything', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan.targets.map((t: { id: string }) => t.id)).toEqual(['prod/fleet-a1', 'prod/fleet-b', 'staging'])
    expect(plan.targets[1]).toMatchObject({ env: 'prod', context: 'fleet-b', environment: { name: 'prod' } })
    expect(plan.steps.map((s: { id: string; target: string }) => `${s.target} ${s.id}`)).toEqual([
      'prod/fleet-a1 pods#1',
      'prod/fleet-a1 logs#1',
      'prod/fleet-b pods#2',
      'prod/fleet-b logs#2',
      'staging pods#3',
      'staging logs#3',
    ])
    expect(plan.analyze.map((a: { target: string; inputs: object }) => [a.target, a.inputs])).toEqual([
      ['prod/fleet-a1', { pods: ['pods#1'], logs: ['logs#1'] }],
      ['prod/fleet-b', { pods: ['pods#2'], logs: ['logs#2'] }],
      ['staging', { pods: ['pods#3'], logs: ['logs#3'] }],
    ])
    const table = sb.run(['plan', '--playbook', 'k8s-crashloop-pods', '--env', 'prod,staging'])
    expect(table.stdout).toMatch(/Fleet: 3 target\(s\)/)
    expect(table.stdout).toMatch(/prod\/fleet-b +context fleet-b/)
  })

  it('runs every target and merges one report: each finding and step names its target, one run id', () => {
    const { code, report, stderr } = crashloops()
    expect(code, stderr).toBe(0)
    expect(report.status).toBe('succeeded')
    expect(Object.values(targetsOf(report)).map((t) => [t.id, t.status, t.context, t.kube_user])).toEqual([
      ['prod/fleet-a1', 'succeeded', 'fleet-a1', 'admin'],
      ['prod/fleet-b', 'succeeded', 'fleet-b', 'admin'],
      ['staging', 'succeeded', 'fleet-a2', 'admin'],
    ])
    // Cluster a is reached twice (prod and staging), so its crashing pod is on both of those targets.
    expect(crashFindings(report)).toEqual([
      `prod/fleet-a1 ${ns}/crash-a`,
      `prod/fleet-b ${ns}/crash-b`,
      `staging ${ns}/crash-a`,
    ])
    expect(report.steps.filter((s) => !s.target || s.status !== 'ok')).toEqual([])
    const records = JSON.parse(sb.run(['audit', 'show', report.run_id, '--json']).stdout)
    expect(new Set(records.map((r: { run_id: string }) => r.run_id))).toEqual(new Set([report.run_id]))
    const end = records.find((r: { kind: string }) => r.kind === 'run_finished')
    expect(end.data.targets.map((t: { id: string; kube_user: string }) => [t.id, t.kube_user])).toEqual([
      ['prod/fleet-a1', 'admin'],
      ['prod/fleet-b', 'admin'],
      ['staging', 'admin'],
    ])
    const started = records.filter((r: { kind: string }) => r.kind === 'step_started')
    expect(started.map((r: { data: { target: string } }) => r.data.target).sort()).toEqual([
      'prod/fleet-a1',
      'prod/fleet-a1',
      'prod/fleet-b',
      'prod/fleet-b',
      'staging',
      'staging',
    ])
  })

  it('--fail-on counts across the fleet', () => {
    const { code, report } = crashloops(['--fail-on', 'high'])
    expect(code).toBe(10)
    expect((report as { error?: { message: string } }).error?.message).toBe(
      `${crashFindings(report).length} finding(s) at or above high`,
    )
  })

  it('the table groups each finding under its target', () => {
    const r = sb.run(['run', 'k8s-crashloop-pods', '--env', 'everything', '--param', `namespace=${ns}`])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`\\[prod/fleet-b\\] ${ns}/crash-b`))
    expect(r.stdout).toMatch(/TARGET +STATUS +IDENTITY/)
    expect(r.stdout).toMatch(/3 of 3 target\(s\) complete/)
  })

  it('a deny for one environment stops that target only, and the report says which rule', () => {
    const policy = join(sb.home, 'no-staging.yaml')
    writeFileSync(
      policy,
      stringify({
        version: 1,
        default: 'deny',
        rules: [
          { id: 'reads-allowed', effect: 'allow', match: { risk: ['read'] } },
          { id: 'staging-frozen', effect: 'deny', match: { env: ['staging'] }, reason: 'staging is frozen' },
        ],
      }),
    )
    const { code, report, stderr } = crashloops(['--policy', policy])
    expect(code).toBe(5)
    expect(stderr).toMatch(/some targets did not complete: staging \(denied\)/)
    expect(targetsOf(report).staging?.status).toBe('denied')
    expect(targetsOf(report)['prod/fleet-a1']?.status).toBe('succeeded')
    const denied = report.steps.filter((s) => s.target === 'staging')
    expect(denied.map((s) => [s.status, s.error])).toEqual([
      ['denied', 'deny: staging is frozen (rule staging-frozen)'],
      ['denied', 'deny: staging is frozen (rule staging-frozen)'],
    ])
    expect(crashFindings(report)).toEqual([`prod/fleet-a1 ${ns}/crash-a`, `prod/fleet-b ${ns}/crash-b`])
  })

  it('a deny on every target is a denied run (exit 4), as for one environment', () => {
    const policy = join(sb.home, 'frozen.yaml')
    writeFileSync(policy, stringify({ version: 1, default: 'deny', rules: [] }))
    const { code, report } = crashloops(['--policy', policy])
    expect(code).toBe(4)
    expect(report.status).toBe('denied')
    expect(Object.values(targetsOf(report)).every((t) => t.status === 'denied')).toBe(true)
  })

  it('a question across every cluster plans a fleet run', () => {
    const { code, report } = runJson(sb, [
      'ask',
      '--dry-run',
      '--provider',
      'offline',
      'which clusters have crashlooping pods?',
    ])
    expect(code).toBe(0)
    expect(report.plan.intent?.target?.scope).toBe('all')
    expect(report.plan.playbook.name).toBe('k8s-crashloop-pods')
    expect(report.plan.targets?.map((t) => t.id)).toEqual(['prod/fleet-a1', 'prod/fleet-b', 'staging'])
    expect(report.targets?.every((t) => t.status === 'dry_run')).toBe(true)
  })

  it('AWS: a target per region, the open groups of each region found on its own target', () => {
    const { code, report, stderr } = runJson(sb, ['run', 'aws-security-group-exposure', '--env', 'everything'])
    expect(code, stderr).toBe(0)
    expect(report.targets?.map((t) => [t.id, t.account, t.region, t.status])).toEqual([
      ['prod/us-east-1', 'default', 'us-east-1', 'succeeded'],
      ['prod/eu-west-1', 'default', 'eu-west-1', 'succeeded'],
      ['staging/us-west-2', 'default', 'us-west-2', 'succeeded'],
    ])
    const mine = findingsOf(report, 'sg-open-ingress').filter((f) => [sgEast, sgWest].includes(f.resource.id))
    expect(mine.map((f) => `${f.target} ${f.resource.id}`).sort()).toEqual(
      [`prod/us-east-1 ${sgEast}`, `staging/us-west-2 ${sgWest}`].sort(),
    )
    expect(report.targets?.every((t) => t.aws_arn?.startsWith('arn:aws:'))).toBe(true)
  })

  it('a saved fleet plan applies as reviewed, and is refused once config.yaml changes its targets', () => {
    const out = join(sb.home, 'fleet-plan.json')
    const plan = sb.run([
      'plan',
      '--playbook',
      'k8s-crashloop-pods',
      '--env',
      'everything',
      '--param',
      `namespace=${ns}`,
      '--out',
      out,
    ])
    expect(plan.code, plan.stderr).toBe(0)
    const r = sb.run(['apply', out, '--json'])
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
    const applied = runJson(sb, ['apply', out])
    expect(crashFindings(applied.report)).toHaveLength(3)
    config(['fleet-a1'])
    try {
      const refused = sb.run(['apply', out])
      expect(refused.code).toBe(6)
      expect(refused.stderr).toMatch(/plan refused: the targets of everything are not what config.yaml says now/)
    } finally {
      config()
    }
  })

  it('doctor checks each context of a fleet environment at its own server', () => {
    const checks = JSON.parse(sb.run(['doctor', '--json']).stdout).checks as { name: string; ok: boolean }[]
    const kube = checks.filter((c) => c.name.startsWith('kubernetes ('))
    expect(kube.map((c) => [c.name, c.ok])).toEqual([
      ['kubernetes (prod/fleet-a1)', true],
      ['kubernetes (prod/fleet-b)', true],
      ['kubernetes (staging)', true],
    ])
  })

  it('a target whose server stops fails alone: partial (exit 5), every other target reported', async () => {
    await kubeB?.stop()
    kubeB = undefined
    const { code, report, stderr } = crashloops()
    expect(code, JSON.stringify(report.steps)).toBe(5)
    expect(stderr).toMatch(/some targets did not complete: prod\/fleet-b \(failed\)/)
    expect(Object.values(targetsOf(report)).map((t) => [t.id, t.status])).toEqual([
      ['prod/fleet-a1', 'succeeded'],
      ['prod/fleet-b', 'failed'],
      ['staging', 'succeeded'],
    ])
    // The stopped cluster's target says what it could not see, instead of passing for healthy.
    expect(crashFindings(report)).toEqual([
      `prod/fleet-a1 ${ns}/crash-a`,
      'prod/fleet-b cluster',
      `staging ${ns}/crash-a`,
    ])
    expect(report.findings.find((f) => f.target === 'prod/fleet-b')).toMatchObject({
      severity: 'info',
      title: expect.stringMatching(/^Not checked: /),
    })
    expect(report.steps.find((s) => s.id === 'pods#2')?.error).toMatch(/ECONNREFUSED/)
  }, 120_000)
})
