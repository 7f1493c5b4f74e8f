// "What is wrong in dev?" end to end: the offline parser routes it to k8s-cluster-triage, which lists every kind it
// looks at through the real client against a real kube-apiserver, and gives one report ranked by severity that
// names each broken object of seed-triage.ts and none of the healthy ones beside them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Finding } from '../../src/analyzers/types.js'
import { findingSeverities } from '../../src/analyzers/types.js'
import { pipelineSandbox, runJson } from '../support/pipeline.js'
import { createNamespace } from '../support/servers/seed-k8s.js'
import { seedTriageEstate } from '../support/servers/seed-triage.js'

const kube = inject('kube')
const moto = inject('moto')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())
const ns = 'it-triage'

beforeAll(async () => {
  await createNamespace(kube, ns)
  await seedTriageEstate(kube, ns)
})

const triage = (env = 'dev') => runJson(sb, ['run', 'k8s-cluster-triage', '--env', env, '--param', `namespace=${ns}`])
const byId = (findings: Finding[]) => new Map(findings.map((f) => [f.id, f]))

describe('k8s-cluster-triage against the real kube-apiserver', () => {
  it('reports each broken object once, with the severity its rule gives, and none of the healthy ones', () => {
    const { code, report } = triage()
    expect(code, JSON.stringify(report.steps)).toBe(0)
    expect(report.steps.every((s) => s.status === 'ok')).toBe(true)
    const found = byId(report.findings)
    const expected: [string, string][] = [
      [`k8s-crashloop:${ns}/migrate-first:migrate`, 'high'],
      [`k8s-crashloop:${ns}/typo-image:app`, 'high'],
      [`k8s-crashloop:${ns}/leaky:app`, 'high'],
      [`k8s-pending:${ns}/migrate-first`, 'high'],
      [`k8s-pending:${ns}/typo-image`, 'high'],
      [`k8s-claims:${ns}/data-lost`, 'high'],
      [`k8s-claims:${ns}/data-pending`, 'medium'],
      [`k8s-service-endpoints:${ns}/checkout`, 'high'],
      [`k8s-jobs:${ns}/reindex`, 'medium'],
      [`k8s-jobs:${ns}/nightly:last-run-failed`, 'high'],
      [`k8s-workload-replicas:statefulset:${ns}/db`, 'high'],
      [`k8s-workload-replicas:daemonset:${ns}/agent`, 'medium'],
      [`k8s-hpa:${ns}/search:cannot-compute`, 'high'],
      [`k8s-hpa:${ns}/api:at-max`, 'medium'],
      [`k8s-pdb:${ns}/db`, 'medium'],
    ]
    for (const [id, severity] of expected) expect(found.get(id)?.severity, id).toBe(severity)
    const mine = report.findings.filter((f) => f.resource.namespace === ns || f.id.includes(`${ns}/`))
    expect(mine.map((f) => f.id).sort()).toEqual(expected.map(([id]) => id).sort())
    // The healthy objects beside them: a running pod, a bound claim, a served Service, the CronJob's old success.
    for (const healthy of ['fine', 'data-ok', 'web', 'nightly-29100'])
      expect(mine.filter((f) => f.id.includes(`/${healthy}`)).map((f) => f.id)).toEqual([])
  })

  it('ranks the report: most severe first', () => {
    const { report } = triage()
    const ranks = report.findings.map((f) => findingSeverities.indexOf(f.severity))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  })

  it('says why a Pending pod waits, in words, and what the failed CronJob run said', () => {
    const found = byId(triage().report.findings)
    expect(found.get(`k8s-pending:${ns}/migrate-first`)?.title).toBe(
      `${ns}/migrate-first is Pending: init container migrate is CrashLoopBackOff (4 restarts)`,
    )
    expect(found.get(`k8s-crashloop:${ns}/typo-image:app`)?.title).toContain('ImagePullBackOff')
    expect(JSON.stringify(found.get(`k8s-jobs:${ns}/nightly:last-run-failed`))).toContain('nightly-29101')
  })

  it('as a viewer who may read only pods and deployments: the rest is named as not checked, with the permission', () => {
    const r = sb.run(['run', 'k8s-cluster-triage', '--env', 'viewer', '--param', 'namespace=viewer-ns', '--json'])
    const report = JSON.parse(r.stdout)
    const notSeen = report.findings.filter((f: Finding) => f.id.includes(':not-seen:')).map((f: Finding) => f.id)
    for (const analyzer of [
      'k8s-claims',
      'k8s-service-endpoints',
      'k8s-jobs',
      'k8s-hpa',
      'k8s-pdb',
      'k8s-node-conditions',
    ])
      expect(
        notSeen.some((id: string) => id.startsWith(`${analyzer}:`)),
        analyzer,
      ).toBe(true)
    const failed = report.steps.filter((s: { status: string }) => s.status === 'failed')
    expect(failed.map((s: { id: string }) => s.id).sort()).toEqual(
      [
        'claims',
        'cronjobs',
        'daemonsets',
        'endpointslices',
        'hpas',
        'jobs',
        'nodes',
        'pdbs',
        'services',
        'statefulsets',
      ].sort(),
    )
    expect(JSON.stringify(failed)).toContain('list persistentvolumeclaims')
    expect(report.steps.find((s: { id: string }) => s.id === 'pods')?.status).toBe('ok')
    // The steps it could not run are optional: the run succeeds, and says plainly what it could not see.
    expect(r.code).toBe(0)
  })

  it('"what is wrong in dev?" and "is the cluster healthy in dev?" plan it from the offline parser', () => {
    for (const question of [
      `what is wrong in dev in the ${ns} namespace?`,
      `is the cluster healthy in dev, namespace ${ns}?`,
    ]) {
      const { code, report } = runJson(sb, ['ask', '--provider', 'offline', question])
      expect(code, question).toBe(0)
      expect(report.plan?.playbook.name, question).toBe('k8s-cluster-triage')
      expect(byId(report.findings).has(`k8s-service-endpoints:${ns}/checkout`), question).toBe(true)
    }
  })
})
