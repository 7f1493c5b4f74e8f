// k8s-diagnose, table by table: for each kind a question can name, the broken states it reports (with the verdict
// a person reads first) and the healthy look-alikes it must leave alone.
import type { V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type { FoundObject, KubeKind, ObjectContext, ReferenceState } from '../../src/actions/k8s/diagnose-types.js'
import type { PreviousLog } from '../../src/actions/k8s/pods-previous-logs.js'
import type { Finding } from '../../src/analyzers/types.js'
import { analysisOf, containerStatus, out, pod, podStatus, terminatedLast } from './support.js'

const diagnose = await analysisOf('k8s-diagnose', 'k8s-diagnose')
const ns = 'shop'

function found(kind: KubeKind, name: string, object: Record<string, unknown> = {}): FoundObject {
  const metadata = { name, uid: `uid-${name}`, ...(kind === 'node' ? {} : { namespace: ns }) }
  return {
    kind,
    name,
    ...(kind === 'node' ? {} : { namespace: ns }),
    uid: `uid-${name}`,
    object: { metadata, ...object },
  }
}

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
