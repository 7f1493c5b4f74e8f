// k8s-diagnose, table by table: for each kind a question can name, the broken states it reports (with the verdict
// a person reads first) and the healthy look-alikes it must leave alone.
import type { V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type { FoundObject, KubeKind, ObjectContext, ReferenceState } from '../../src/actions/k8s/diagnose-types.js'
import type { PreviousLog } from '../../src/actions/k8s/pods-previous-logs.js'
import type { Finding } from '../../src/analyzers/types.js'
import { analysisOf, containerStatus, foundObject, out, pod, podStatus, terminatedLast } from './support.js'

const diagnose = await analysisOf('k8s-diagnose', 'k8s-diagnose')
const ns = 'shop'

const found = (kind: KubeKind, name: string, object: Record<string, unknown> = {}) =>
  foundObject(kind, name, ns, object)

const emptyContext = (over: Partial<ObjectContext> = {}): ObjectContext => ({
  deployments: [],
  replicaSets: [],
  jobs: [],
  endpointSlices: [],
  services: [],
  pvcs: [],
  nodes: [{ name: 'node-a', exists: true, unschedulable: false, conditions: [{ type: 'Ready', status: 'True' }] }],
  events: [],
  ...over,
})

function run(
  target: FoundObject,
  pods: V1Pod[],
  more: { context?: ObjectContext; refs?: ReferenceState[]; logs?: PreviousLog[] } = {},
): Finding[] {
  return diagnose.run({
    target: out([target]),
    pods: out(pods),
    context: out([more.context ?? emptyContext()]),
    references: out(more.refs ?? []),
    logs: out(more.logs ?? []),
  })
}

const verdict = (findings: Finding[]) => findings[0] as Finding
const serious = (findings: Finding[]) => findings.slice(1).filter((f) => f.severity !== 'info' && f.severity !== 'low')

const crashing = (name: string, exitCode = 1) =>
  pod(ns, name, {
    node: 'node-a',
    status: { phase: 'Running', containerStatuses: [containerStatus.crashLoop('app', 9, exitCode)] },
  })
const healthyPod = (name: string) => pod(ns, name, { node: 'node-a' })

describe('k8s-diagnose: deployments and their pods', () => {
  const deployment = found('deployment', 'payment-api', {
    spec: { replicas: 3 },
    status: { unavailableReplicas: 2, readyReplicas: 1 },
  })

  it('crash-looping pods: the verdict counts them, gives the exit code and the last log line', () => {
    const logs = [
      {
        namespace: ns,
        pod: 'payment-api-1',
        container: 'app',
        lines: ['starting', 'panic: missing DATABASE_URL\u001b[2J'],
      },
    ]
    const f = run(deployment, [crashing('payment-api-1'), crashing('payment-api-2'), healthyPod('payment-api-3')], {
      logs,
    })
    expect(verdict(f)).toMatchObject({ id: 'k8s-diagnose:shop/payment-api', severity: 'high' })
    expect(verdict(f).title).toBe(
      'deployment shop/payment-api: 2 of 3 pods in CrashLoopBackOff, exit 1; last log line: panic: missing DATABASE_URL [2J',
    )
    expect(f.map((x) => x.id)).toContain('k8s-diagnose:shop/payment-api:pod:payment-api-1:app:crashloop')
    expect(f.map((x) => x.id)).toContain('k8s-diagnose:shop/payment-api:unavailable')
  })

  it('a stuck rollout is high even when no pod is crashing', () => {
    const stuck = found('deployment', 'checkout', {
      spec: { replicas: 2 },
      status: {
        conditions: [
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'timed out' },
        ],
      },
    })
    const f = run(stuck, [healthyPod('checkout-1')])
    expect(verdict(f)).toMatchObject({
      severity: 'high',
      title: 'deployment shop/checkout: rollout stuck (ProgressDeadlineExceeded): timed out; 1 of 1 pod ready',
    })
  })

  it('healthy: says so plainly, with what it checked, and nothing else above info', () => {
    const ok = found('deployment', 'quiet', { spec: { replicas: 2 }, status: { readyReplicas: 2 } })
    const f = run(ok, [healthyPod('quiet-1'), healthyPod('quiet-2')], {
      refs: [{ kind: 'Secret', namespace: ns, name: 'db', exists: true, optional: false, pods: ['quiet-1'] }],
    })
    expect(verdict(f)).toMatchObject({
      severity: 'info',
      title: 'deployment shop/quiet looks healthy: 2 of 2 pods ready, no warning events',
      evidence: { checked: ['2 pods', '1 node', 'warning events', '1 reference'] },
    })
    expect(serious(f)).toEqual([])
  })

  it('restarts below the threshold and Succeeded pods are no problem; at the threshold they are', () => {
    const restarted = (n: number) =>
      pod(ns, 'p', {
        node: 'node-a',
        status: {
          ...podStatus.running(['app']),
          containerStatuses: [containerStatus.running('app', n, terminatedLast('Error', 1))],
        },
      })
    const done = pod(ns, 'done', {
      status: { phase: 'Succeeded', containerStatuses: [containerStatus.terminated('app', 'Completed', 0)] },
    })
    const ok = found('deployment', 'd', { spec: { replicas: 1 }, status: {} })
    expect(serious(run(ok, [restarted(2), done]))).toEqual([])
    expect(serious(run(ok, [restarted(3)])).map((x) => `${x.id}=${x.severity}`)).toEqual([
      'k8s-diagnose:shop/d:pod:p:app:restarts=medium',
    ])
  })

  it('an OOMKilled container is high, with memory advice', () => {
    const oom = pod(ns, 'p', {
      node: 'node-a',
      status: {
        ...podStatus.running(['app']),
        containerStatuses: [containerStatus.running('app', 1, terminatedLast('OOMKilled', 137))],
      },
    })
    const f = run(found('deployment', 'd', { spec: { replicas: 1 }, status: {} }), [oom])
    expect(verdict(f).title).toBe('deployment shop/d: 1 of 1 pod OOMKilled')
    expect(serious(f)[0]?.recommendation).toMatch(/memory/)
  })
})

describe('k8s-diagnose: pods', () => {
  it('image pull and config errors name the cause', () => {
    const pull = pod(ns, 'a', {
      status: podStatus.withContainers('Pending', [{ ...containerStatus.waiting('app', 'ImagePullBackOff') }]),
    })
    expect(verdict(run(found('pod', 'a'), [pull])).title).toBe('pod shop/a: cannot pull its image')
    const config = pod(ns, 'b', {
      status: podStatus.withContainers('Pending', [
        {
          ...containerStatus.waiting('app', 'CreateContainerConfigError'),
          state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "creds" not found' } },
        },
      ]),
    })
    expect(verdict(run(found('pod', 'b'), [config])).title).toBe('pod shop/b: cannot start: secret "creds" not found')
  })

  it('a pod the scheduler cannot place gives the scheduler message; its unbound claim is named', () => {
    const pending = pod(ns, 'ledger-0', {
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: 'pod has unbound immediate PersistentVolumeClaims',
          },
        ],
      },
    })
    const context = emptyContext({
      nodes: [],
      pvcs: [{ namespace: ns, name: 'ledger-data', exists: true, phase: 'Pending', pods: ['ledger-0'] }],
    })
    const f = run(found('pod', 'ledger-0'), [pending], { context })
    expect(verdict(f).title).toBe('pod shop/ledger-0: Pending: pod has unbound immediate PersistentVolumeClaims')
    expect(f.map((x) => `${x.id}=${x.severity}`)).toContain('k8s-diagnose:shop/ledger-0:claim:ledger-data=high')
  })

  it('a missing Secret is high unless every reference is optional', () => {
    const refs = (optional: boolean): ReferenceState[] => [
      { kind: 'Secret', namespace: ns, name: 'creds', exists: false, optional, pods: ['a'] },
    ]
    expect(serious(run(found('pod', 'a'), [healthyPod('a')], { refs: refs(false) })).map((x) => x.id)).toEqual([
      'k8s-diagnose:shop/a:missing:Secret:creds',
    ])
    expect(serious(run(found('pod', 'a'), [healthyPod('a')], { refs: refs(true) }))).toEqual([])
  })

  it('the node a pod runs on: NotReady is critical, pressure high, cordoned medium', () => {
    const context = emptyContext({
      nodes: [
        {
          name: 'node-a',
          exists: true,
          unschedulable: true,
          conditions: [
            { type: 'Ready', status: 'False', reason: 'KubeletDown' },
            { type: 'DiskPressure', status: 'True' },
          ],
        },
      ],
    })
    const f = run(found('pod', 'a'), [healthyPod('a')], { context })
    expect(serious(f).map((x) => `${x.id}=${x.severity}`)).toEqual([
      'k8s-diagnose:shop/a:node:node-a:not-ready=critical',
      'k8s-diagnose:shop/a:node:node-a:DiskPressure=high',
      'k8s-diagnose:shop/a:node:node-a:cordoned=medium',
    ])
    expect(verdict(f)).toMatchObject({
      severity: 'critical',
      title: 'pod shop/a: node node-a is NotReady (KubeletDown)',
    })
  })

  it('Warning events: probe failures are medium; the BackOff of a crash loop already explained is low', () => {
    const event = (reason: string) => ({
      kind: 'Pod',
      name: 'a',
      namespace: ns,
      reason,
      message: `${reason} happened`,
      count: 4,
      last: '2026-11-20T10:00:00.000Z',
    })
    const f = run(found('pod', 'a'), [crashing('a')], {
      context: emptyContext({ events: [event('Unhealthy'), event('BackOff')] }),
    })
    const bySeverity = Object.fromEntries(f.slice(1).map((x) => [x.id, x.severity]))
    expect(bySeverity['k8s-diagnose:shop/a:event:Pod/a:Unhealthy']).toBe('medium')
    expect(bySeverity['k8s-diagnose:shop/a:event:Pod/a:BackOff']).toBe('low')
  })
})

describe('k8s-diagnose: the other kinds', () => {
  it('statefulset and daemonset: fewer ready than desired', () => {
    expect(
      verdict(run(found('statefulset', 's', { spec: { replicas: 2 }, status: { readyReplicas: 0 } }), [])).title,
    ).toBe('statefulset shop/s: 0 of 2 pods ready')
    expect(
      verdict(run(found('daemonset', 'd', { status: { desiredNumberScheduled: 3, numberReady: 2 } }), [])).severity,
    ).toBe('medium')
    expect(
      verdict(run(found('daemonset', 'd', { status: { desiredNumberScheduled: 3, numberReady: 3 } }), [])).severity,
    ).toBe('info')
  })

  it('job: failed is high; a completed one is fine', () => {
    const failed = found('job', 'backup', {
      status: {
        failed: 2,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      },
    })
    expect(verdict(run(failed, [])).title).toBe(
      'job shop/backup: failed (BackoffLimitExceeded: Job has reached the specified backoff limit)',
    )
    const done = pod(ns, 'backup-x', {
      status: { phase: 'Succeeded', containerStatuses: [containerStatus.terminated('app', 'Completed', 0)] },
    })
    expect(verdict(run(found('job', 'backup', { status: { succeeded: 1 } }), [done])).severity).toBe('info')
  })

  it('cronjob: its latest run failed; suspended is only said', () => {
    const job = (name: string, at: string, failed: boolean) => ({
      metadata: { name, creationTimestamp: new Date(at) },
      status: failed
        ? { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }
        : { succeeded: 1 },
    })
    const cron = found('cronjob', 'report', { spec: { suspend: true } })
    const failedLast = emptyContext({
      jobs: [job('report-1', '2026-11-20T01:00:00Z', false), job('report-2', '2026-11-21T01:00:00Z', true)],
    })
    expect(verdict(run(cron, [], { context: failedLast }))).toMatchObject({ severity: 'high' })
    const okLast = emptyContext({
      jobs: [job('report-1', '2026-11-20T01:00:00Z', true), job('report-2', '2026-11-21T01:00:00Z', false)],
    })
    expect(verdict(run(cron, [], { context: okLast })).severity).toBe('info')
  })

  it('service: a selector matching no pod, no ready endpoint, and the healthy case', () => {
    const svc = found('service', 'web', { spec: { selector: { app: 'web' } } })
    const noPods = run(svc, [])
    expect(verdict(noPods).title).toBe('service shop/web: no ready endpoints (selector app=web matches no pod)')
    // The verdict says it once, with the finding's evidence; it is not repeated below.
    expect(verdict(noPods).evidence).toMatchObject({ selector: 'app=web', pods: 0 })
    expect(noPods.filter((f) => f.title === verdict(noPods).title)).toHaveLength(1)
    const notReady = emptyContext({
      endpointSlices: [{ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: false } }] }],
    })
    expect(verdict(run(svc, [healthyPod('web-1')], { context: notReady })).severity).toBe('high')
    const ready = emptyContext({
      endpointSlices: [{ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }] }],
    })
    expect(verdict(run(svc, [healthyPod('web-1')], { context: ready })).severity).toBe('info')
    expect(verdict(run(found('service', 'ext', { spec: {} }), [])).severity).toBe('info')
  })

  it('pvc: pending is high, bound is healthy', () => {
    expect(verdict(run(found('pvc', 'data', { status: { phase: 'Pending' } }), [])).title).toBe(
      'pvc shop/data: not bound (Pending)',
    )
    expect(verdict(run(found('pvc', 'data', { status: { phase: 'Bound' } }), [])).title).toBe(
      'pvc shop/data looks healthy: Bound, no warning events',
    )
  })

  it('node: NotReady is critical; Ready is healthy', () => {
    const context = (ready: string) =>
      emptyContext({
        nodes: [{ name: 'n1', exists: true, unschedulable: false, conditions: [{ type: 'Ready', status: ready }] }],
      })
    expect(verdict(run(found('node', 'n1'), [], { context: context('False') }))).toMatchObject({
      id: 'k8s-diagnose:n1',
      severity: 'critical',
    })
    expect(verdict(run(found('node', 'n1'), [], { context: context('True') })).title).toBe(
      'node n1 looks healthy: Ready, no warning events',
    )
  })

  it('a step that failed is said, never taken for health', () => {
    const f = diagnose.run({ target: out([found('pod', 'a')]), pods: out([healthyPod('a')]) })
    expect(f.filter((x) => x.id.includes(':not-seen:')).map((x) => x.id)).toEqual([
      'k8s-diagnose:shop/a:not-seen:context',
      'k8s-diagnose:shop/a:not-seen:logs',
      'k8s-diagnose:shop/a:not-seen:references',
    ])
  })
})

describe('k8s-diagnose: the verdict line', () => {
  const deploymentOf = (name: string, spec: unknown = { replicas: 1 }, status: unknown = {}) =>
    found('deployment', name, { spec, status })
  const notReadyPod = (name: string) =>
    pod(ns, name, {
      node: 'node-a',
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [{ ...containerStatus.running('app'), ready: false }],
      },
    })
  const badNode = {
    name: 'node-a',
    exists: true,
    unschedulable: false,
    conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletDown' }],
  }

  it('crash loops with several exit codes list each once; a critical node is added after them', () => {
    const f = run(
      deploymentOf('api', { replicas: 3 }),
      [crashing('api-1', 1), crashing('api-2', 2), crashing('api-3', 1)],
      {
        context: emptyContext({ nodes: [badNode] }),
      },
    )
    expect(verdict(f)).toMatchObject({
      severity: 'critical',
      title: 'deployment shop/api: 3 of 3 pods in CrashLoopBackOff, exit 1/2; node node-a is NotReady (KubeletDown)',
      recommendation: 'Check the kubelet and the machine; its pods are not served.',
    })
  })

  it('a high problem beside a pod state is not added to the line', () => {
    const f = run(deploymentOf('api', { replicas: 2 }, { unavailableReplicas: 2 }), [
      crashing('api-1'),
      crashing('api-2'),
    ])
    expect(verdict(f).title).toBe('deployment shop/api: 2 of 2 pods in CrashLoopBackOff, exit 1')
  })

  it('with no pod state, the worst problem of the object itself is said, then the pods ready', () => {
    const f = run(deploymentOf('api', { replicas: 2 }, { unavailableReplicas: 1, readyReplicas: 1 }), [
      healthyPod('api-1'),
      notReadyPod('api-2'),
    ])
    expect(verdict(f)).toMatchObject({
      severity: 'medium',
      title: 'deployment shop/api: 1 of 2 replicas unavailable; 1 of 2 pods ready',
    })
  })

  it('with neither a pod state nor an object problem, the worst pod finding is said', () => {
    const f = run(deploymentOf('zero', { replicas: 0 }), [notReadyPod('zero-1'), notReadyPod('zero-2')])
    expect(verdict(f)).toMatchObject({
      severity: 'medium',
      title: 'deployment shop/zero: shop/zero-1 container app: running but not ready; 0 of 2 pods ready',
      recommendation: 'Its readiness probe fails: see the Unhealthy events and what the probe checks.',
    })
  })

  it('the pods ready are not said twice when the object’s own problem already says them', () => {
    const s = found('statefulset', 'db', { spec: { replicas: 2 }, status: { readyReplicas: 1 } })
    expect(verdict(run(s, [healthyPod('db-0'), notReadyPod('db-1')])).title).toBe(
      'statefulset shop/db: 1 of 2 pods ready',
    )
  })

  it('a pod’s verdict says the most severe finding first: a missing Secret over a probe failing', () => {
    const refs: ReferenceState[] = [
      { kind: 'Secret', namespace: ns, name: 'creds', exists: false, optional: false, pods: ['a'] },
    ]
    const f = run(found('pod', 'a'), [notReadyPod('a')], { refs })
    expect(verdict(f)).toMatchObject({
      severity: 'high',
      title: 'pod shop/a: Secret shop/creds does not exist (needed by a)',
      recommendation: 'Create the Secret, or fix the reference to it.',
    })
  })

  it('of several nodes, the worst is said', () => {
    const cordoned = {
      name: 'node-a',
      exists: true,
      unschedulable: true,
      conditions: [{ type: 'Ready', status: 'True' }],
    }
    const down = { ...badNode, name: 'node-b' }
    const f = run(found('pod', 'a'), [healthyPod('a')], { context: emptyContext({ nodes: [cordoned, down] }) })
    expect(verdict(f).title).toBe('pod shop/a: node node-b is NotReady (KubeletDown)')
  })

  it('a node’s own verdict names it once', () => {
    const f = run(found('node', 'node-a'), [], { context: emptyContext({ nodes: [badNode] }) })
    expect(verdict(f)).toMatchObject({ severity: 'critical', title: 'node node-a: NotReady (KubeletDown)' })
    expect(verdict(f).resource).toStrictEqual({ provider: 'kubernetes', type: 'node', id: 'node-a' })
  })

  it('a failed job keeps the words of its message', () => {
    const job = found('job', 'j', {
      status: {
        conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'the pod is gone' }],
      },
    })
    expect(verdict(run(job, [])).title).toBe('job shop/j: failed (DeadlineExceeded: the pod is gone)')
  })

  it('pods of a workload: pending, image pull and config errors are counted', () => {
    const unplaced = (name: string, message?: string) =>
      pod(ns, name, {
        status: {
          phase: 'Pending',
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', ...(message ? { message } : {}) },
          ],
        },
      })
    const pulling = (name: string) =>
      pod(ns, name, { status: podStatus.withContainers('Pending', [containerStatus.waiting('app', 'ErrImagePull')]) })
    expect(verdict(run(deploymentOf('a', { replicas: 2 }), [unplaced('a-1'), unplaced('a-2')])).title).toBe(
      'deployment shop/a: 2 of 2 pods Pending',
    )
    expect(verdict(run(found('pod', 'a-1'), [unplaced('a-1', 'no nodes')])).title).toBe(
      'pod shop/a-1: Pending: no nodes',
    )
    expect(verdict(run(deploymentOf('a', { replicas: 2 }), [pulling('a-1'), healthyPod('a-2')])).title).toBe(
      'deployment shop/a: 1 of 2 pods cannot pull their image',
    )
  })

  it('a config error without a message still says what stops the pod', () => {
    // Once said "cannot start:" and nothing more: the tally keeps an empty message, which `??` let through.
    const p = pod(ns, 'b', {
      status: podStatus.withContainers('Pending', [containerStatus.waiting('app', 'CreateContainerConfigError')]),
    })
    expect(verdict(run(found('pod', 'b'), [p])).title).toBe('pod shop/b: cannot start: config error')
  })

  it('healthy: the pods counted in words, and nothing to do', () => {
    const one = run(found('deployment', 'solo', { spec: { replicas: 1 }, status: {} }), [healthyPod('solo-1')])
    expect(verdict(one)).toMatchObject({
      severity: 'info',
      title: 'deployment shop/solo looks healthy: 1 of 1 pod ready, no warning events',
      recommendation: 'Nothing to do.',
    })
    const none = run(found('deployment', 'zero', { spec: { replicas: 0 }, status: {} }), [])
    expect(verdict(none).title).toBe('deployment shop/zero looks healthy: 0 of 0 pods ready, no warning events')
    expect(verdict(none).evidence.problems).toBe(0)
  })

  it('low and info findings leave the verdict healthy and are not counted as problems', () => {
    const cron = found('cronjob', 'report', { spec: { suspend: true } })
    const f = run(cron, [], { context: emptyContext() })
    expect(verdict(f)).toMatchObject({ severity: 'info', evidence: { problems: 0 } })
    expect(f.map((x) => x.id)).toContain('k8s-diagnose:shop/report:suspended')
  })
})

describe('k8s-diagnose: the verdict’s evidence and resource', () => {
  it('counts the problems that are not low or info, and what it checked', () => {
    const d = found('deployment', 'api', { spec: { replicas: 2 }, status: { unavailableReplicas: 2 } })
    const context = emptyContext({
      nodes: [
        { name: 'node-a', exists: true, unschedulable: false, conditions: [{ type: 'Ready', status: 'True' }] },
        { name: 'node-b', exists: true, unschedulable: true, conditions: [{ type: 'Ready', status: 'True' }] },
      ],
      pvcs: [{ namespace: ns, name: 'data', exists: true, phase: 'Bound', pods: ['api-1'] }],
      events: [
        {
          kind: 'Pod',
          name: 'api-1',
          namespace: ns,
          reason: 'BackOff',
          message: 'back-off',
          count: 3,
          last: undefined,
        },
      ],
    })
    const refs: ReferenceState[] = [
      { kind: 'Secret', namespace: ns, name: 'a', exists: true, optional: false, pods: ['api-1'] },
      { kind: 'ConfigMap', namespace: ns, name: 'b', exists: true, optional: false, pods: ['api-1'] },
    ]
    const f = run(d, [crashing('api-1'), crashing('api-2')], { context, refs })
    expect(verdict(f).evidence).toStrictEqual({
      kind: 'deployment',
      pods: 2,
      ready: 0,
      // unavailable, two crash loops and the cordoned node; not the explained BackOff (low)
      problems: 4,
      checked: ['2 pods', '2 nodes', '1 claim', 'warning events', '2 references'],
    })
    expect(f.find((x) => x.id.endsWith(':event:Pod/api-1:BackOff'))?.severity).toBe('low')
  })

  it.each([
    [0, [], '0 pods'],
    [
      1,
      [
        { namespace: ns, name: 'a', exists: true, phase: 'Bound', pods: [] },
        { namespace: ns, name: 'b', exists: true, phase: 'Bound', pods: [] },
      ],
      '2 claims',
    ],
  ])('names counts in words (%i pods)', (n, pvcs, word) => {
    const pods = Array.from({ length: n }, (_, i) => healthyPod(`p-${i}`))
    const f = run(found('deployment', 'd', { spec: { replicas: n }, status: {} }), pods, {
      context: emptyContext({ pvcs, nodes: [] }),
      refs: [{ kind: 'Secret', namespace: ns, name: 's', exists: true, optional: false, pods: [] }],
    })
    const checked = verdict(f).evidence.checked as string[]
    expect(checked).toContain(word)
    expect(checked).toContain('0 nodes')
    expect(checked).toContain('1 reference')
  })

  it('without context and references, checks only the pods', () => {
    const f = diagnose.run({ target: out([found('pod', 'a')]), pods: out([healthyPod('a')]), logs: out([]) })
    expect(verdict(f).evidence.checked).toEqual(['1 pod'])
  })

  it('says how the name was resolved when it was not an exact match', () => {
    const target = { ...found('pod', 'api-7d9-x1'), resolvedFrom: 'api-x1 (its ReplicaSet hash removed)' }
    expect(verdict(run(target, [healthyPod('api-7d9-x1')])).evidence).toMatchObject({
      kind: 'pod',
      resolved_from: 'api-x1 (its ReplicaSet hash removed)',
    })
    expect(verdict(run(found('pod', 'a'), [healthyPod('a')])).evidence).not.toHaveProperty('resolved_from')
  })

  it.each([
    ['pvc', 'persistentvolumeclaim'],
    ['deployment', 'deployment'],
    ['service', 'service'],
  ] as const)('a %s verdict is about a kubernetes %s', (kind, type) => {
    expect(
      verdict(run(found(kind, 'x', kind === 'pvc' ? { status: { phase: 'Bound' } } : {}), [])).resource,
    ).toStrictEqual({
      provider: 'kubernetes',
      type,
      id: 'shop/x',
      namespace: ns,
    })
  })
})

describe('k8s-diagnose: explained events, steps not seen, options', () => {
  const event = (reason: string) => ({
    kind: 'Pod',
    name: 'a',
    namespace: ns,
    reason,
    message: reason,
    count: 1,
    last: undefined,
  })
  const severities = (f: Finding[]) =>
    Object.fromEntries(f.filter((x) => x.id.includes(':event:')).map((x) => [x.id.split(':').at(-1), x.severity]))
  const events = emptyContext({ events: [event('BackOff'), event('FailedScheduling'), event('Failed')] })

  it('each event reason is low only beside the pod state that explains it', () => {
    expect(severities(run(found('pod', 'a'), [healthyPod('a')], { context: events }))).toEqual({
      BackOff: 'medium',
      FailedScheduling: 'medium',
      Failed: 'medium',
    })
    expect(severities(run(found('pod', 'a'), [crashing('a')], { context: events }))).toMatchObject({
      BackOff: 'low',
      FailedScheduling: 'medium',
      Failed: 'medium',
    })
    const unplaced = pod(ns, 'a', {
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
    })
    expect(severities(run(found('pod', 'a'), [unplaced], { context: events }))).toEqual({
      BackOff: 'medium',
      FailedScheduling: 'low',
      Failed: 'medium',
    })
    const pulling = pod(ns, 'a', {
      status: podStatus.withContainers('Pending', [containerStatus.waiting('app', 'ImagePullBackOff')]),
    })
    expect(severities(run(found('pod', 'a'), [pulling], { context: events }))).toEqual({
      BackOff: 'medium',
      FailedScheduling: 'medium',
      Failed: 'low',
    })
  })

  it('each step that failed is said once, exactly; the others are not', () => {
    const f = diagnose.run({
      target: out([found('pod', 'a')]),
      pods: out([healthyPod('a')]),
      context: out([emptyContext()]),
      references: out([]),
    })
    expect(f.filter((x) => x.id.includes(':not-seen:'))).toEqual([
      {
        id: 'k8s-diagnose:shop/a:not-seen:logs',
        severity: 'info',
        title: 'Not checked: previous logs of restarted containers (the step failed)',
        resource: { provider: 'kubernetes', type: 'pod', id: 'shop/a', namespace: ns },
        evidence: {},
        recommendation: 'See the step errors in this report; fix access and run again to cover it.',
      },
    ])
    const titles = diagnose
      .run({ target: out([found('pod', 'a')]), pods: out([healthyPod('a')]) })
      .filter((x) => x.id.includes(':not-seen:'))
      .map((x) => x.title)
    expect(titles).toEqual([
      'Not checked: owners, claims, nodes and events (the step failed)',
      'Not checked: previous logs of restarted containers (the step failed)',
      'Not checked: whether referenced ConfigMaps and Secrets exist (the step failed)',
    ])
  })

  it('an object that was not found is said, not taken for health', () => {
    expect(diagnose.run({ target: out([]), pods: out([]) })).toEqual([
      {
        id: 'k8s-diagnose:cluster:not-seen:the',
        severity: 'info',
        title: 'Not checked: the object (it was not found)',
        resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
        evidence: {},
        recommendation: expect.stringMatching(/step errors/),
      },
    ])
  })

  it('restart_threshold: the playbook’s (3 by default) or the one given; 0 is refused', () => {
    const restarted = pod(ns, 'p', {
      node: 'node-a',
      status: {
        ...podStatus.running(['app']),
        containerStatuses: [containerStatus.running('app', 4, terminatedLast('Error', 1))],
      },
    })
    const d = found('deployment', 'd', { spec: { replicas: 1 }, status: {} })
    const steps = {
      target: out([d]),
      pods: out([restarted]),
      context: out([emptyContext()]),
      references: out([]),
      logs: out([]),
    }
    expect(verdict(diagnose.run(steps)).severity).toBe('medium')
    expect(verdict(diagnose.run(steps, { restart_threshold: 5 })).severity).toBe('info')
    expect(() => diagnose.run(steps, { restart_threshold: 0 })).toThrow(/invalid with/)
  })
})

describe('k8s-diagnose: a crash loop with no exit recorded', () => {
  it('says the crash loop without an exit code', () => {
    const p = pod(ns, 'a', {
      status: { phase: 'Running', containerStatuses: [{ ...containerStatus.crashLoop('app', 2), lastState: {} }] },
    })
    expect(verdict(run(found('pod', 'a'), [p])).title).toBe('pod shop/a: in CrashLoopBackOff')
  })
})
