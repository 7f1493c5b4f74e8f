// k8s-workload-replicas, as the k8s-cluster-triage playbook runs it: statefulsets from k8s.statefulsets.list and
// daemonsets from k8s.daemonsets.list, both optional.
import type { V1DaemonSet, V1DaemonSetStatus, V1StatefulSet, V1StatefulSetStatus } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out } from './support.js'

const analysis = await analysisOf('k8s-cluster-triage', 'k8s-workload-replicas')
const run = (statefulsets: V1StatefulSet[] | null = [], daemonsets: V1DaemonSet[] | null = []) =>
  analysis.run({
    statefulsets: statefulsets ? out(statefulsets) : undefined,
    daemonsets: daemonsets ? out(daemonsets) : undefined,
  })

const statefulSet = (
  ns: string,
  name: string,
  replicas: number | undefined,
  status: Partial<V1StatefulSetStatus> | undefined,
): V1StatefulSet => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: ns, uid: `uid-${name}` },
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    serviceName: name,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } } },
  },
  ...(status ? { status: { replicas: replicas ?? 1, ...status } } : {}),
})
const rev = (name: string, hash: string) => `${name}-${hash}`
const settled = (name: string, n: number): Partial<V1StatefulSetStatus> => ({
  readyReplicas: n,
  currentReplicas: n,
  updatedReplicas: n,
  availableReplicas: n,
  currentRevision: rev(name, '6d5f'),
  updateRevision: rev(name, '6d5f'),
})

const daemonSet = (ns: string, name: string, status: Partial<V1DaemonSetStatus> | undefined): V1DaemonSet => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: ns, uid: `uid-${name}` },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } } } },
  ...(status
    ? {
        status: {
          currentNumberScheduled: status.desiredNumberScheduled ?? 0,
          desiredNumberScheduled: 0,
          numberMisscheduled: 0,
          numberReady: 0,
          ...status,
        },
      }
    : {}),
})
const healthyDs = (n: number): Partial<V1DaemonSetStatus> => ({
  desiredNumberScheduled: n,
  currentNumberScheduled: n,
  numberReady: n,
  numberAvailable: n,
  updatedNumberScheduled: n,
})

const sts = (ns: string, name: string) => ({
  provider: 'kubernetes',
  type: 'statefulset',
  id: `${ns}/${name}`,
  namespace: ns,
})
const ds = (ns: string, name: string) => ({
  provider: 'kubernetes',
  type: 'daemonset',
  id: `${ns}/${name}`,
  namespace: ns,
})

describe('k8s-workload-replicas flags StatefulSets', () => {
  it.each([
    {
      state: 'none of 3 ready → high',
      s: statefulSet('shop', 'db', 3, { ...settled('db', 0), currentReplicas: 3, updatedReplicas: 3 }),
      severity: 'high',
      title: 'StatefulSet shop/db: 0 of 3 ready',
      evidence: {
        desired: 3,
        ready: 0,
        current: 3,
        updated: 3,
        current_revision: 'db-6d5f',
        update_revision: 'db-6d5f',
        rolling_out: false,
      },
    },
    {
      state: '1 of 3 ready → medium',
      s: statefulSet('shop', 'db', 3, { ...settled('db', 1), currentReplicas: 3, updatedReplicas: 3 }),
      severity: 'medium',
      title: 'StatefulSet shop/db: 1 of 3 ready',
      evidence: {
        desired: 3,
        ready: 1,
        current: 3,
        updated: 3,
        current_revision: 'db-6d5f',
        update_revision: 'db-6d5f',
        rolling_out: false,
      },
    },
    {
      state: '2 of 3 ready while the update revision differs from the current one → medium, rolling out',
      s: statefulSet('shop', 'db', 3, {
        readyReplicas: 2,
        currentReplicas: 2,
        updatedReplicas: 1,
        currentRevision: 'db-6d5f',
        updateRevision: 'db-7c9a',
      }),
      severity: 'medium',
      title: 'StatefulSet shop/db: 2 of 3 ready, rollout in progress',
      evidence: {
        desired: 3,
        ready: 2,
        current: 2,
        updated: 1,
        current_revision: 'db-6d5f',
        update_revision: 'db-7c9a',
        rolling_out: true,
      },
    },
    {
      state: 'no replica count (1 by default) and no ready count yet (0) → high',
      s: statefulSet('shop', 'db', undefined, { currentReplicas: 1 }),
      severity: 'high',
      title: 'StatefulSet shop/db: 0 of 1 ready',
      evidence: {
        desired: 1,
        ready: 0,
        current: 1,
        updated: 0,
        current_revision: undefined,
        update_revision: undefined,
        rolling_out: false,
      },
    },
    {
      state: 'no status at all yet → high, everything counted 0',
      s: statefulSet('shop', 'db', 2, undefined),
      severity: 'high',
      title: 'StatefulSet shop/db: 0 of 2 ready',
      evidence: {
        desired: 2,
        ready: 0,
        current: 0,
        updated: 0,
        current_revision: undefined,
        update_revision: undefined,
        rolling_out: false,
      },
    },
  ])('$state', ({ s, severity, title, evidence }) => {
    const findings = run([s], [])
    expect(ids(findings)).toEqual(['k8s-workload-replicas:statefulset:shop/db'])
    const f = only(findings, 'k8s-workload-replicas:statefulset:shop/db')
    expect(f).toMatchObject({ severity, title, resource: sts('shop', 'db') })
    expect(f.evidence).toEqual(evidence)
    expect(f.recommendation).toMatch(evidence.rolling_out ? /roll back/ : /not ready/)
  })

  it.each([
    { state: 'only the update revision is known', status: { currentRevision: undefined } },
    { state: 'only the current revision is known', status: { updateRevision: undefined } },
  ])('a rollout needs both revisions: $state', ({ status }) => {
    const s = statefulSet('shop', 'db', 3, { ...settled('db', 1), updateRevision: 'db-7c9a', ...status })
    const f = only(run([s]), 'k8s-workload-replicas:statefulset:shop/db')
    expect(f.title).toBe('StatefulSet shop/db: 1 of 3 ready')
    expect(f.evidence.rolling_out).toBe(false)
  })
})

describe('k8s-workload-replicas flags DaemonSets', () => {
  it.each([
    {
      state: 'none of 4 ready → high',
      status: { desiredNumberScheduled: 4, numberReady: 0, numberUnavailable: 4, updatedNumberScheduled: 4 },
      found: [
        {
          id: 'k8s-workload-replicas:daemonset:kube-system/agent',
          severity: 'high',
          title: 'DaemonSet kube-system/agent: 0 of 4 ready',
          evidence: { desired: 4, ready: 0, current: 4, available: 0, unavailable: 4, updated: 4, misscheduled: 0 },
        },
      ],
    },
    {
      state: '3 of 4 ready → medium, with the unavailable count',
      status: {
        desiredNumberScheduled: 4,
        numberReady: 3,
        numberAvailable: 3,
        numberUnavailable: 1,
        updatedNumberScheduled: 4,
      },
      found: [
        {
          id: 'k8s-workload-replicas:daemonset:kube-system/agent',
          severity: 'medium',
          title: 'DaemonSet kube-system/agent: 3 of 4 ready',
          evidence: { desired: 4, ready: 3, current: 4, available: 3, unavailable: 1, updated: 4, misscheduled: 0 },
        },
      ],
    },
    {
      state: 'every pod ready but 2 misscheduled → low, a finding of its own',
      status: { ...healthyDs(4), numberMisscheduled: 2 },
      found: [
        {
          id: 'k8s-workload-replicas:daemonset:kube-system/agent:misscheduled',
          severity: 'low',
          title: 'DaemonSet kube-system/agent: 2 pod(s) on nodes they should not run on',
          evidence: { misscheduled: 2, desired: 4 },
        },
      ],
    },
    {
      state: 'short of ready and misscheduled → both findings',
      status: { desiredNumberScheduled: 4, numberReady: 2, numberAvailable: 2, numberMisscheduled: 1 },
      found: [
        {
          id: 'k8s-workload-replicas:daemonset:kube-system/agent',
          severity: 'medium',
          title: 'DaemonSet kube-system/agent: 2 of 4 ready',
          evidence: { desired: 4, ready: 2, current: 4, available: 2, unavailable: 0, updated: 0, misscheduled: 1 },
        },
        {
          id: 'k8s-workload-replicas:daemonset:kube-system/agent:misscheduled',
          severity: 'low',
          title: 'DaemonSet kube-system/agent: 1 pod(s) on nodes they should not run on',
          evidence: { misscheduled: 1, desired: 4 },
        },
      ],
    },
    {
      state: 'no node wants it any more, but 1 pod is left on a node it should not run on → low only',
      status: { desiredNumberScheduled: 0, numberMisscheduled: 1 },
      found: [
        {
          id: 'k8s-workload-replicas:daemonset:kube-system/agent:misscheduled',
          severity: 'low',
          title: 'DaemonSet kube-system/agent: 1 pod(s) on nodes they should not run on',
          evidence: { misscheduled: 1, desired: 0 },
        },
      ],
    },
  ])('$state', ({ status, found }) => {
    const findings = run([], [daemonSet('kube-system', 'agent', status)])
    expect(ids(findings)).toEqual(found.map((f) => f.id))
    for (const want of found) {
      const f = only(findings, want.id)
      expect(f).toMatchObject({
        severity: want.severity,
        title: want.title,
        resource: ds('kube-system', 'agent'),
      })
      expect(f.evidence).toEqual(want.evidence)
    }
  })

  it('the recommendations say where to look', () => {
    const d = daemonSet('kube-system', 'agent', { desiredNumberScheduled: 2, numberReady: 1, numberMisscheduled: 1 })
    const findings = run([], [d])
    expect(only(findings, 'k8s-workload-replicas:daemonset:kube-system/agent').recommendation).toMatch(/not ready/)
    expect(only(findings, 'k8s-workload-replicas:daemonset:kube-system/agent:misscheduled').recommendation).toMatch(
      /node selector/,
    )
  })
})

describe('k8s-workload-replicas does not flag (next to one it does)', () => {
  const controlS = statefulSet('shop', 'control', 2, settled('control', 0))
  it.each([
    { state: 'a StatefulSet with every replica ready', s: statefulSet('shop', 'db', 3, settled('db', 3)) },
    {
      state: 'a StatefulSet with more ready than desired (scaling down)',
      s: statefulSet('shop', 'db', 2, settled('db', 3)),
    },
    { state: 'a StatefulSet scaled to 0', s: statefulSet('shop', 'db', 0, settled('db', 0)) },
    {
      state: 'a StatefulSet ready everywhere while it rolls out',
      s: statefulSet('shop', 'db', 3, { ...settled('db', 3), updateRevision: 'db-7c9a' }),
    },
  ])('$state', ({ s }) => {
    expect(ids(run([controlS, s]))).toEqual(['k8s-workload-replicas:statefulset:shop/control'])
  })

  const controlD = daemonSet('kube-system', 'control', { desiredNumberScheduled: 2, numberReady: 0 })
  it.each([
    { state: 'a DaemonSet with every pod ready', d: daemonSet('kube-system', 'agent', healthyDs(5)) },
    { state: 'a DaemonSet no node wants (0 desired)', d: daemonSet('kube-system', 'agent', healthyDs(0)) },
    { state: 'a DaemonSet with no status yet', d: daemonSet('kube-system', 'agent', undefined) },
  ])('$state', ({ d }) => {
    expect(ids(run([], [controlD, d]))).toEqual(['k8s-workload-replicas:daemonset:kube-system/control'])
  })

  it('empty lists', () => {
    expect(run([], [])).toEqual([])
  })
})

describe('k8s-workload-replicas: a StatefulSet and a DaemonSet of the same name', () => {
  it('are told apart by kind in the id', () => {
    const findings = run(
      [statefulSet('shop', 'cache', 2, settled('cache', 0))],
      [daemonSet('shop', 'cache', { desiredNumberScheduled: 2, numberReady: 0 })],
    )
    expect(ids(findings)).toEqual([
      'k8s-workload-replicas:statefulset:shop/cache',
      'k8s-workload-replicas:daemonset:shop/cache',
    ])
  })
})

describe('k8s-workload-replicas blind spots', () => {
  const broken = statefulSet('shop', 'db', 3, settled('db', 1))
  const brokenDs = daemonSet('kube-system', 'agent', { desiredNumberScheduled: 2, numberReady: 1 })

  it('both list steps failed → one blind spot', () => {
    const findings = run(null, null)
    expect(findings).toEqual([
      {
        id: 'k8s-workload-replicas:cluster:not-seen:workloads',
        severity: 'info',
        title: 'Not checked: workloads (StatefulSets and DaemonSets: both list steps failed)',
        resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
        evidence: {},
        recommendation: expect.any(String),
      },
    ])
  })

  it('the StatefulSets step failed → its blind spot, and the DaemonSets still read', () => {
    expect(run(null, [brokenDs]).map((f) => [f.id, f.severity, f.title])).toEqual([
      [
        'k8s-workload-replicas:cluster:not-seen:statefulsets',
        'info',
        'Not checked: statefulsets (the list step failed)',
      ],
      ['k8s-workload-replicas:daemonset:kube-system/agent', 'medium', 'DaemonSet kube-system/agent: 1 of 2 ready'],
    ])
  })

  it('the DaemonSets step failed → its blind spot, and the StatefulSets still read', () => {
    expect(run([broken], null).map((f) => [f.id, f.severity, f.title])).toEqual([
      ['k8s-workload-replicas:cluster:not-seen:daemonsets', 'info', 'Not checked: daemonsets (the list step failed)'],
      ['k8s-workload-replicas:statefulset:shop/db', 'medium', 'StatefulSet shop/db: 1 of 3 ready'],
    ])
  })
})

describe('k8s-workload-replicas: text from the cluster', () => {
  it('a name with control characters is one line in the title', () => {
    const s = statefulSet('shop', 'db\nFAKE: all healthy', 1, settled('x', 0))
    const f = only(run([s]), 'k8s-workload-replicas:statefulset:shop/db\nFAKE: all healthy')
    expect(f.title).toBe('StatefulSet shop/db FAKE: all healthy: 0 of 1 ready')
    const d = daemonSet('kube-system', `a${'x'.repeat(300)}`, { desiredNumberScheduled: 1, numberMisscheduled: 1 })
    for (const g of run([], [d])) {
      expect(g.title).not.toMatch(/\n/)
      expect(g.title.length).toBeLessThan(240)
    }
  })

  it('objects with parts missing are read without failing', () => {
    const bareS = { spec: { replicas: 1 } } as V1StatefulSet
    const bareD = { status: { desiredNumberScheduled: 1, numberReady: 0, numberMisscheduled: 0 } } as V1DaemonSet
    expect(run([bareS], [bareD]).map((f) => [f.id, f.resource])).toEqual([
      ['k8s-workload-replicas:statefulset:/', { provider: 'kubernetes', type: 'statefulset', id: '/', namespace: '' }],
      ['k8s-workload-replicas:daemonset:/', { provider: 'kubernetes', type: 'daemonset', id: '/', namespace: '' }],
    ])
  })
})
