// k8s-pdb, as the k8s-cluster-triage playbook runs it: pdbs from k8s.pdbs.list (policy/v1 objects).
import type { IntOrString, V1PodDisruptionBudget, V1PodDisruptionBudgetStatus } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out } from './support.js'

const analysis = await analysisOf('k8s-cluster-triage', 'k8s-pdb')
const run = (pdbs: V1PodDisruptionBudget[] | null) => analysis.run({ pdbs: pdbs ? out(pdbs) : undefined })

interface Budget {
  minAvailable?: IntOrString
  maxUnavailable?: IntOrString
}
type Status = Pick<
  V1PodDisruptionBudgetStatus,
  'expectedPods' | 'currentHealthy' | 'desiredHealthy' | 'disruptionsAllowed'
>
const status = (expectedPods: number, currentHealthy: number, desiredHealthy: number, disruptionsAllowed: number) =>
  ({ expectedPods, currentHealthy, desiredHealthy, disruptionsAllowed }) satisfies Status

function pdb(ns: string, name: string, budget: Budget, s: Status | undefined): V1PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: ns, uid: `uid-${name}` },
    spec: { ...budget, selector: { matchLabels: { app: name } } },
    ...(s ? { status: { observedGeneration: 1, ...s } } : {}),
  }
}

const resource = (ns: string, name: string) => ({
  provider: 'kubernetes',
  type: 'poddisruptionbudget',
  id: `${ns}/${name}`,
  namespace: ns,
})

describe('k8s-pdb flags', () => {
  it.each([
    {
      state: 'minAvailable equal to the replicas, all healthy → low (drains will block)',
      p: pdb('shop', 'db', { minAvailable: 3 }, status(3, 3, 3, 0)),
      severity: 'low',
      title: 'PodDisruptionBudget shop/db: allows no eviction, 3 of 3 required pods healthy, so node drains will block',
      evidence: {
        min_available: 3,
        max_unavailable: undefined,
        expected_pods: 3,
        current_healthy: 3,
        desired_healthy: 3,
        disruptions_allowed: 0,
      },
      recommendation: /allow at least one disruption/,
    },
    {
      state: 'maxUnavailable 0 → low',
      p: pdb('shop', 'db', { maxUnavailable: 0 }, status(2, 2, 2, 0)),
      severity: 'low',
      title: 'PodDisruptionBudget shop/db: allows no eviction, 2 of 2 required pods healthy, so node drains will block',
      evidence: {
        min_available: undefined,
        max_unavailable: 0,
        expected_pods: 2,
        current_healthy: 2,
        desired_healthy: 2,
        disruptions_allowed: 0,
      },
      recommendation: /allow at least one disruption/,
    },
    {
      state: 'minAvailable "100%" → low, the percentage as given',
      p: pdb('shop', 'db', { minAvailable: '100%' }, status(4, 4, 4, 0)),
      severity: 'low',
      title: 'PodDisruptionBudget shop/db: allows no eviction, 4 of 4 required pods healthy, so node drains will block',
      evidence: {
        min_available: '100%',
        max_unavailable: undefined,
        expected_pods: 4,
        current_healthy: 4,
        desired_healthy: 4,
        disruptions_allowed: 0,
      },
      recommendation: /allow at least one disruption/,
    },
    {
      state: 'fewer healthy than it requires → medium (the app is degraded)',
      p: pdb('shop', 'db', { minAvailable: 2 }, status(3, 1, 2, 0)),
      severity: 'medium',
      title: 'PodDisruptionBudget shop/db: allows no eviction, 1 of 2 required pods healthy',
      evidence: {
        min_available: 2,
        max_unavailable: undefined,
        expected_pods: 3,
        current_healthy: 1,
        desired_healthy: 2,
        disruptions_allowed: 0,
      },
      recommendation: /not healthy/,
    },
    {
      state: 'maxUnavailable "25%" with a pod down → medium',
      p: pdb('shop', 'db', { maxUnavailable: '25%' }, status(4, 2, 3, 0)),
      severity: 'medium',
      title: 'PodDisruptionBudget shop/db: allows no eviction, 2 of 3 required pods healthy',
      evidence: {
        min_available: undefined,
        max_unavailable: '25%',
        expected_pods: 4,
        current_healthy: 2,
        desired_healthy: 3,
        disruptions_allowed: 0,
      },
      recommendation: /not healthy/,
    },
    {
      state: 'just one short of what it requires → medium',
      p: pdb('shop', 'db', { minAvailable: 3 }, status(3, 2, 3, 0)),
      severity: 'medium',
      title: 'PodDisruptionBudget shop/db: allows no eviction, 2 of 3 required pods healthy',
      evidence: { expected_pods: 3, current_healthy: 2, desired_healthy: 3, disruptions_allowed: 0 },
      recommendation: /not healthy/,
    },
  ])('$state', ({ p, severity, title, evidence, recommendation }) => {
    const findings = run([p])
    expect(ids(findings)).toEqual(['k8s-pdb:shop/db'])
    const f = only(findings, 'k8s-pdb:shop/db')
    expect(f).toMatchObject({ severity, title, resource: resource('shop', 'db') })
    expect(f.evidence).toMatchObject(evidence)
    expect(Object.keys(f.evidence).sort()).toEqual([
      'current_healthy',
      'desired_healthy',
      'disruptions_allowed',
      'expected_pods',
      'max_unavailable',
      'min_available',
    ])
    expect(f.recommendation).toMatch(recommendation)
  })

  it('each budget that blocks is its own finding', () => {
    const findings = run([
      pdb('shop', 'db', { minAvailable: 3 }, status(3, 3, 3, 0)),
      pdb('shop', 'web', { minAvailable: 1 }, status(2, 2, 1, 1)),
      pdb('kube-system', 'dns', { minAvailable: 2 }, status(2, 1, 2, 0)),
    ])
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['k8s-pdb:shop/db', 'low'],
      ['k8s-pdb:kube-system/dns', 'medium'],
    ])
  })
})

describe('k8s-pdb does not flag (next to one it does)', () => {
  const control = pdb('shop', 'control', { minAvailable: 1 }, status(1, 1, 1, 0))
  it.each([
    { state: 'a budget that allows one disruption', p: pdb('shop', 'db', { minAvailable: 2 }, status(3, 3, 2, 1)) },
    { state: 'a budget that allows several', p: pdb('shop', 'db', { maxUnavailable: '50%' }, status(4, 4, 2, 2)) },
    {
      state: 'a budget whose selector matches no pod (0 expected)',
      p: pdb('shop', 'db', { minAvailable: 1 }, status(0, 0, 1, 0)),
    },
    { state: 'a budget with no status yet', p: pdb('shop', 'db', { minAvailable: 1 }, undefined) },
    {
      state: 'a budget whose status has no counts',
      p: { ...pdb('shop', 'db', {}, undefined), status: {} } as V1PodDisruptionBudget,
    },
  ])('$state', ({ p }) => {
    expect(ids(run([control, p]))).toEqual(['k8s-pdb:shop/control'])
  })

  it('an empty list', () => {
    expect(run([])).toEqual([])
  })
})

describe('k8s-pdb blind spot and odd objects', () => {
  it('the list step failed → one blind spot', () => {
    expect(run(null)).toEqual([
      {
        id: 'k8s-pdb:cluster:not-seen:pdbs',
        severity: 'info',
        title: 'Not checked: pdbs (the list step failed)',
        resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
        evidence: {},
        recommendation: expect.any(String),
      },
    ])
  })

  it('a name with control characters is one line in the title', () => {
    const f = only(run([pdb('shop', 'db\r\nok', { minAvailable: 1 }, status(1, 1, 1, 0))]), 'k8s-pdb:shop/db\r\nok')
    expect(f.title).toBe(
      'PodDisruptionBudget shop/db ok: allows no eviction, 1 of 1 required pods healthy, so node drains will block',
    )
  })

  it('objects with parts missing are read without failing: missing health counts are 0', () => {
    const bare = { status: { expectedPods: 2, disruptionsAllowed: 0 } } as V1PodDisruptionBudget
    const f = only(run([bare]), 'k8s-pdb:/')
    expect(f).toMatchObject({
      severity: 'low',
      resource: { provider: 'kubernetes', type: 'poddisruptionbudget', id: '/', namespace: '' },
      evidence: {
        min_available: undefined,
        max_unavailable: undefined,
        expected_pods: 2,
        current_healthy: 0,
        desired_healthy: 0,
      },
    })
  })
})
