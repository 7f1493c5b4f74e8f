// What k8s-diagnose says about the object itself and what surrounds it (src/analyzers/k8s-object-around.ts), one
// function at a time: each kind's own status, the claims and nodes its pods need, missing references, and Warning
// events. Every broken state beside the healthy look-alike it must leave alone, with exact ids, titles and evidence.
import type { V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type {
  ClaimState,
  KubeKind,
  NodeState,
  ObjectContext,
  ObjectEvent,
  ReferenceState,
} from '../../src/actions/k8s/diagnose-types.js'
import {
  dependencyFindings,
  eventFindings,
  objectFindings,
  referenceFindings,
  targetKey,
} from '../../src/analyzers/k8s-object-around.js'
import type { Finding } from '../../src/analyzers/types.js'
import { foundObject, pod } from './support.js'

const ns = 'shop'

const found = (kind: KubeKind, name: string, object: Record<string, unknown> = {}) =>
  foundObject(kind, name, ns, object)

const context = (over: Partial<ObjectContext> = {}): ObjectContext => ({
  deployments: [],
  replicaSets: [],
  jobs: [],
  endpointSlices: [],
  services: [],
  pvcs: [],
  nodes: [],
  events: [],
  ...over,
})

const brief = (fs: Finding[]) => fs.map((f) => ({ id: f.id, severity: f.severity, title: f.title }))
const podsOf = (...names: string[]): V1Pod[] => names.map((n) => pod(ns, n))

describe('targetKey and the resource a finding is about', () => {
  it('namespaced objects are namespace/name; nodes are their name', () => {
    expect(targetKey(found('deployment', 'api'))).toBe('shop/api')
    expect(targetKey(found('node', 'n1'))).toBe('n1')
  })

  it.each([
    ['deployment', 'deployment'],
    ['statefulset', 'statefulset'],
    ['daemonset', 'daemonset'],
    ['cronjob', 'cronjob'],
    ['job', 'job'],
    ['pod', 'pod'],
    ['service', 'service'],
    ['pvc', 'persistentvolumeclaim'],
  ] as const)('a %s is a kubernetes %s in its namespace', (kind, type) => {
    const ref: ReferenceState = { kind: 'Secret', namespace: ns, name: 's', exists: false, optional: false, pods: [] }
    const [f] = referenceFindings(found(kind, 'x'), [ref])
    expect(f?.resource).toStrictEqual({ provider: 'kubernetes', type, id: 'shop/x', namespace: ns })
  })

  it('a node is a kubernetes node, by name, with no namespace', () => {
    const ref: ReferenceState = { kind: 'Secret', namespace: ns, name: 's', exists: false, optional: false, pods: [] }
    const [f] = referenceFindings(found('node', 'n1'), [ref])
    expect(f?.resource).toStrictEqual({ provider: 'kubernetes', type: 'node', id: 'n1' })
    expect(f?.id).toBe('k8s-diagnose:n1:missing:Secret:s')
  })
})

describe('objectFindings: deployment', () => {
  const deployment = (spec: unknown, status: unknown) => found('deployment', 'api', { spec, status })

  it('a rollout past its deadline is high, with the controller’s reason and message', () => {
    const f = objectFindings(
      deployment(
        { replicas: 2 },
        {
          conditions: [
            { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "api-7d9" has timed out\nprogressing.',
            },
          ],
        },
      ),
      [],
      undefined,
    )
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({
      id: 'k8s-diagnose:shop/api:rollout',
      severity: 'high',
      title:
        'deployment shop/api: rollout stuck (ProgressDeadlineExceeded): ReplicaSet "api-7d9" has timed out progressing.',
      resource: { provider: 'kubernetes', type: 'deployment', id: 'shop/api', namespace: ns },
      evidence: {
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "api-7d9" has timed out progressing.',
      },
    })
    expect(f[0]?.recommendation).toMatch(/roll back/)
  })

  it.each([
    ['progressing normally', [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }]],
    [
      'Available False but Progressing True',
      [
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
        { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
      ],
    ],
    ['no conditions yet', undefined],
  ])('no rollout finding when %s', (_, conditions) => {
    expect(objectFindings(deployment({ replicas: 2 }, { conditions }), [], undefined)).toEqual([])
  })

  it('scaled to 0 is said (info), and nothing else', () => {
    const f = objectFindings(deployment({ replicas: 0 }, {}), [], undefined)
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({
      id: 'k8s-diagnose:shop/api:scaled-to-zero',
      severity: 'info',
      title: 'deployment shop/api is scaled to 0 replicas',
      evidence: { replicas: 0 },
    })
    expect(f[0]?.recommendation).toMatch(/scale it up/)
  })

  it.each([
    { unavailable: 1, desired: 3, severity: 'medium' },
    { unavailable: 2, desired: 3, severity: 'medium' },
    { unavailable: 3, desired: 3, severity: 'high' },
    { unavailable: 4, desired: 3, severity: 'high' },
  ])('$unavailable of $desired unavailable → $severity', ({ unavailable, desired, severity }) => {
    const f = objectFindings(
      deployment({ replicas: desired }, { unavailableReplicas: unavailable, readyReplicas: desired - unavailable }),
      [],
      undefined,
    )
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({
      id: 'k8s-diagnose:shop/api:unavailable',
      severity,
      title: `deployment shop/api: ${unavailable} of ${desired} replicas unavailable`,
      evidence: { desired, ready: desired - unavailable, unavailable },
    })
    expect(f[0]?.recommendation).toMatch(/not ready/)
  })

  it('no replica count means 1 replica, no ready count means 0 ready', () => {
    const f = objectFindings(deployment({}, { unavailableReplicas: 1 }), [], undefined)
    expect(f.map((x) => [x.severity, x.title, x.evidence])).toEqual([
      ['high', 'deployment shop/api: 1 of 1 replicas unavailable', { desired: 1, ready: 0, unavailable: 1 }],
    ])
  })

  it('a deployment with no spec or status yet raises nothing (and does not fail)', () => {
    expect(objectFindings(found('deployment', 'api'), [], undefined)).toEqual([])
    expect(objectFindings(deployment({ replicas: 2 }, undefined), [], undefined)).toEqual([])
  })

  it('a stuck rollout and unavailable replicas are both said', () => {
    const f = objectFindings(
      deployment(
        { replicas: 2 },
        { unavailableReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'X', message: 'm' }] },
      ),
      [],
      undefined,
    )
    expect(f.map((x) => x.id)).toEqual(['k8s-diagnose:shop/api:rollout', 'k8s-diagnose:shop/api:unavailable'])
  })
})

describe('objectFindings: statefulset and daemonset', () => {
  it.each([
    { what: 'none ready', object: { spec: { replicas: 3 }, status: { readyReplicas: 0 } }, want: ['high', 0, 3] },
    { what: 'some ready', object: { spec: { replicas: 3 }, status: { readyReplicas: 2 } }, want: ['medium', 2, 3] },
    { what: 'no status yet', object: { spec: { replicas: 2 } }, want: ['high', 0, 2] },
    { what: 'no spec or status (1 replica)', object: {}, want: ['high', 0, 1] },
  ])('statefulset, $what', ({ object, want }) => {
    const [severity, ready, desired] = want
    expect(objectFindings(found('statefulset', 'db', object), [], undefined)).toEqual([
      {
        id: 'k8s-diagnose:shop/db:not-ready',
        severity,
        title: `statefulset shop/db: ${ready} of ${desired} pods ready`,
        resource: { provider: 'kubernetes', type: 'statefulset', id: 'shop/db', namespace: ns },
        evidence: { desired, ready },
        recommendation: expect.stringMatching(/not ready/),
      },
    ])
  })

  it.each([
    { spec: { replicas: 3 }, status: { readyReplicas: 3 } },
    { spec: { replicas: 2 }, status: { readyReplicas: 3 } },
    { spec: { replicas: 0 } },
  ])('statefulset with every wanted pod ready: nothing (%j)', (object) => {
    expect(objectFindings(found('statefulset', 'db', object), [], undefined)).toEqual([])
  })

  it.each([
    { status: { desiredNumberScheduled: 3, numberReady: 0 }, want: ['high', 0, 3] },
    { status: { desiredNumberScheduled: 3, numberReady: 1 }, want: ['medium', 1, 3] },
    { status: { desiredNumberScheduled: 2 }, want: ['high', 0, 2] },
  ])('daemonset short of pods: %j', ({ status, want }) => {
    const [severity, ready, desired] = want
    const f = objectFindings(found('daemonset', 'agent', { status }), [], undefined)
    expect(brief(f)).toEqual([
      {
        id: 'k8s-diagnose:shop/agent:not-ready',
        severity,
        title: `daemonset shop/agent: ${ready} of ${desired} pods ready`,
      },
    ])
    expect(f[0]?.evidence).toEqual({ desired, ready })
  })

  it('daemonset with every pod ready, or none scheduled yet: nothing', () => {
    expect(
      objectFindings(
        found('daemonset', 'agent', { status: { desiredNumberScheduled: 2, numberReady: 2 } }),
        [],
        undefined,
      ),
    ).toEqual([])
    expect(objectFindings(found('daemonset', 'agent'), [], undefined)).toEqual([])
  })
})

describe('objectFindings: job', () => {
  const job = (status?: unknown) => found('job', 'backup', status === undefined ? {} : { status })
  const failedCondition = (reason?: string) => ({
    type: 'Failed',
    status: 'True',
    ...(reason ? { reason } : {}),
    message: 'Job has reached the specified backoff limit',
  })

  it('a Failed condition is high, with its reason and message, even while pods are still active', () => {
    const f = objectFindings(
      job({ failed: 6, active: 1, conditions: [failedCondition('BackoffLimitExceeded')] }),
      [],
      undefined,
    )
    expect(f).toEqual([
      {
        id: 'k8s-diagnose:shop/backup:failed',
        severity: 'high',
        title: 'job shop/backup failed (BackoffLimitExceeded: Job has reached the specified backoff limit)',
        resource: { provider: 'kubernetes', type: 'job', id: 'shop/backup', namespace: ns },
        evidence: { failed: 6, succeeded: 0, active: 1, reason: 'BackoffLimitExceeded' },
        recommendation: expect.stringMatching(/exit code and previous log/),
      },
    ])
  })

  it('a Failed condition with no reason and no failed count still says it failed', () => {
    const f = objectFindings(job({ conditions: [failedCondition()] }), [], undefined)
    expect(f.map((x) => [x.severity, x.title, x.evidence])).toEqual([
      [
        'high',
        'job shop/backup failed (Failed: Job has reached the specified backoff limit)',
        { failed: 0, succeeded: 0, active: 0, reason: undefined },
      ],
    ])
  })

  it('failed pods without a Failed condition: medium while it still runs, high once nothing runs', () => {
    expect(
      objectFindings(job({ failed: 2, active: 1, succeeded: 3 }), [], undefined).map((x) => [
        x.severity,
        x.title,
        x.evidence,
      ]),
    ).toEqual([
      ['medium', 'job shop/backup failed (2 pod(s) failed)', { failed: 2, succeeded: 3, active: 1, reason: undefined }],
    ])
    expect(objectFindings(job({ failed: 1 }), [], undefined).map((x) => [x.severity, x.title])).toEqual([
      ['high', 'job shop/backup failed (1 pod(s) failed)'],
    ])
  })

  it.each([
    ['completed', { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }],
    ['a Failed condition that is False', { active: 1, conditions: [{ type: 'Failed', status: 'False' }] }],
    ['suspended (another True condition)', { conditions: [{ type: 'Suspended', status: 'True' }] }],
    ['no status yet', undefined],
  ])('nothing when %s', (_, status) => {
    expect(objectFindings(job(status), [], undefined)).toEqual([])
  })
})

describe('objectFindings: cronjob', () => {
  const run = (name: string | undefined, at: string | undefined, status?: unknown) => ({
    ...(name || at
      ? { metadata: { ...(name ? { name } : {}), ...(at ? { creationTimestamp: new Date(at) } : {}) } }
      : {}),
    ...(status ? { status } : {}),
  })
  const failed = (reason?: string) => ({
    conditions: [{ type: 'Failed', status: 'True', ...(reason ? { reason } : {}), message: 'backoff\nlimit' }],
  })
  const complete = { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }
  const cron = (spec: unknown = { schedule: '0 1 * * *' }) => found('cronjob', 'report', { spec })

  it('its latest run failed: high, naming that job', () => {
    const jobs = [
      run('report-2', '2026-11-21T01:00:00Z', failed('BackoffLimitExceeded')),
      run('report-1', '2026-11-20T01:00:00Z', complete),
    ]
    const f = objectFindings(cron(), [], context({ jobs: jobs as never }))
    expect(f).toEqual([
      {
        id: 'k8s-diagnose:shop/report:last-run-failed',
        severity: 'high',
        title: 'cronjob shop/report: its latest run report-2 failed (BackoffLimitExceeded)',
        resource: { provider: 'kubernetes', type: 'cronjob', id: 'shop/report', namespace: ns },
        evidence: { job: 'report-2', reason: 'BackoffLimitExceeded', message: 'backoff limit' },
        recommendation: expect.stringMatching(/exit code and previous log/),
      },
    ])
  })

  it('the latest is found by creation time, whatever the order given; a job with no time is the oldest', () => {
    const jobs = [
      run('report-0', undefined, complete),
      run('report-1', '2026-11-20T01:00:00Z', complete),
      run('report-3', '2026-11-22T01:00:00Z', failed()),
      run('report-2', '2026-11-21T01:00:00Z', complete),
    ]
    expect(brief(objectFindings(cron(), [], context({ jobs: jobs as never })))).toEqual([
      {
        id: 'k8s-diagnose:shop/report:last-run-failed',
        severity: 'high',
        title: 'cronjob shop/report: its latest run report-3 failed (Failed)',
      },
    ])
  })

  it.each([
    [
      'an older run failed, the latest completed',
      [run('a', '2026-11-20T01:00:00Z', failed('X')), run('b', '2026-11-21T01:00:00Z', complete)],
    ],
    [
      'the latest has a Failed condition that is False',
      [run('b', '2026-11-21T01:00:00Z', { conditions: [{ type: 'Failed', status: 'False' }] })],
    ],
    ['the latest has no status yet', [run('a', '2026-11-20T01:00:00Z', failed('X')), run('b', '2026-11-21T01:00:00Z')]],
    ['it has run no job', []],
  ])('nothing when %s', (_, jobs) => {
    expect(objectFindings(cron(), [], context({ jobs: jobs as never }))).toEqual([])
  })

  it('without its context (the step failed) there are no runs to judge', () => {
    expect(objectFindings(cron(), [], undefined)).toEqual([])
  })

  it('a run with no metadata counts as the oldest', () => {
    const jobs = [run(undefined, undefined, failed('X')), run('report-1', '2026-11-20T01:00:00Z', complete)]
    expect(objectFindings(cron(), [], context({ jobs: jobs as never }))).toEqual([])
  })

  it('a failed run with no metadata is still reported', () => {
    const f = objectFindings(cron(), [], context({ jobs: [run(undefined, undefined, failed('X'))] as never }))
    expect(f.map((x) => [x.id, x.severity])).toEqual([['k8s-diagnose:shop/report:last-run-failed', 'high']])
  })

  it('suspended is said (info); not suspended is not', () => {
    const f = objectFindings(cron({ schedule: '0 1 * * *', suspend: true }), [], context())
    expect(f).toEqual([
      {
        id: 'k8s-diagnose:shop/report:suspended',
        severity: 'info',
        title: 'cronjob shop/report is suspended',
        resource: { provider: 'kubernetes', type: 'cronjob', id: 'shop/report', namespace: ns },
        evidence: { suspend: true },
        recommendation: expect.stringMatching(/resumed/),
      },
    ])
    expect(objectFindings(cron({ schedule: '0 1 * * *', suspend: false }), [], context())).toEqual([])
    expect(objectFindings(found('cronjob', 'report'), [], context())).toEqual([])
  })
})

describe('objectFindings: service', () => {
  const svc = (selector?: Record<string, string>) =>
    found(
      'service',
      'web',
      selector ? { spec: { selector, ports: [{ port: 80 }] } } : { spec: { ports: [{ port: 80 }] } },
    )
  const slice = (...ready: (boolean | undefined)[]) => ({
    addressType: 'IPv4',
    endpoints: ready.map((r, i) => ({
      addresses: [`10.0.0.${i + 1}`],
      ...(r === undefined ? {} : { conditions: { ready: r } }),
    })),
  })

  it.each([
    ['no selector', svc()],
    ['an empty selector', svc({})],
    ['no spec at all', found('service', 'web')],
  ])('%s: its endpoints are managed by hand (info)', (_, target) => {
    expect(objectFindings(target, podsOf('web-1'), context())).toEqual([
      {
        id: 'k8s-diagnose:shop/web:no-selector',
        severity: 'info',
        title: 'service shop/web has no selector: its endpoints are managed by hand',
        resource: { provider: 'kubernetes', type: 'service', id: 'shop/web', namespace: ns },
        evidence: {},
        recommendation: expect.stringMatching(/EndpointSlices/),
      },
    ])
  })

  it('a selector that matches no pod is high, naming the selector', () => {
    expect(objectFindings(svc({ app: 'web', tier: 'front' }), [], context())).toEqual([
      {
        id: 'k8s-diagnose:shop/web:no-pods',
        severity: 'high',
        title: 'service shop/web: no ready endpoints (selector app=web,tier=front matches no pod)',
        resource: { provider: 'kubernetes', type: 'service', id: 'shop/web', namespace: ns },
        evidence: { selector: 'app=web,tier=front', pods: 0 },
        recommendation: expect.stringMatching(/selector or the pods/),
      },
    ])
  })

  it('pods selected but no endpoint ready is high, with the counts', () => {
    const f = objectFindings(
      svc({ app: 'web' }),
      podsOf('web-1', 'web-2'),
      context({ endpointSlices: [slice(false), slice(false)] as never }),
    )
    expect(f).toEqual([
      {
        id: 'k8s-diagnose:shop/web:no-endpoints',
        severity: 'high',
        title: 'service shop/web: no ready endpoints (0 of 2; 2 pods selected)',
        resource: { provider: 'kubernetes', type: 'service', id: 'shop/web', namespace: ns },
        evidence: { selector: 'app=web', pods: 2, endpoints: 2, ready: 0 },
        recommendation: expect.stringMatching(/not ready/),
      },
    ])
  })

  it('pods selected but no endpoint written at all is high too', () => {
    const f = objectFindings(
      svc({ app: 'web' }),
      podsOf('web-1'),
      context({ endpointSlices: [{ addressType: 'IPv4' }] as never }),
    )
    expect(brief(f)).toEqual([
      {
        id: 'k8s-diagnose:shop/web:no-endpoints',
        severity: 'high',
        title: 'service shop/web: no ready endpoints (0 of 0; 1 pods selected)',
      },
    ])
  })

  it.each([
    ['one ready endpoint among not-ready ones', [slice(false, true)]],
    ['an endpoint with no conditions (ready unless said otherwise)', [slice(undefined)]],
  ])('nothing when %s', (_, endpointSlices) => {
    expect(
      objectFindings(svc({ app: 'web' }), podsOf('web-1'), context({ endpointSlices: endpointSlices as never })),
    ).toEqual([])
  })

  it('without its context (the step failed) endpoints are not judged', () => {
    expect(objectFindings(svc({ app: 'web' }), podsOf('web-1'), undefined)).toEqual([])
  })
})

describe('objectFindings: pvc, pod, node', () => {
  it.each([
    ['Pending', { status: { phase: 'Pending' } }, 'pvc shop/data: not bound (Pending)', 'Pending'],
    ['Lost', { status: { phase: 'Lost' } }, 'pvc shop/data: not bound (Lost)', 'Lost'],
    ['no phase', { status: {} }, 'pvc shop/data: not bound (no phase)', undefined],
    ['no status', {}, 'pvc shop/data: not bound (no phase)', undefined],
  ])('a claim %s is high', (_, object, title, phase) => {
    expect(objectFindings(found('pvc', 'data', object), [], undefined)).toEqual([
      {
        id: 'k8s-diagnose:shop/data:claim',
        severity: 'high',
        title,
        resource: { provider: 'kubernetes', type: 'persistentvolumeclaim', id: 'shop/data', namespace: ns },
        evidence: { phase },
        recommendation: expect.stringMatching(/StorageClass/),
      },
    ])
  })

  it('a Bound claim, a pod and a node have no own-status finding', () => {
    expect(objectFindings(found('pvc', 'data', { status: { phase: 'Bound' } }), [], undefined)).toEqual([])
    expect(objectFindings(found('pod', 'p', { status: { phase: 'Failed' } }), [], undefined)).toEqual([])
    expect(objectFindings(found('node', 'n1', { spec: { unschedulable: true } }), [], undefined)).toEqual([])
  })
})

describe('dependencyFindings: claims', () => {
  const claim = (name: string, exists: boolean, phase?: string, pods = ['api-1']): ClaimState => ({
    namespace: ns,
    name,
    exists,
    ...(phase ? { phase } : {}),
    pods,
  })

  it('a claim that is missing, pending, or has no phase is high, naming the pods that need it', () => {
    const f = dependencyFindings(
      found('deployment', 'api'),
      context({
        pvcs: [claim('gone', false, undefined, ['api-1', 'api-2']), claim('slow', true, 'Pending'), claim('odd', true)],
      }),
    )
    expect(f).toEqual([
      {
        id: 'k8s-diagnose:shop/api:claim:gone',
        severity: 'high',
        title: 'PersistentVolumeClaim shop/gone is missing (needed by api-1, api-2)',
        resource: { provider: 'kubernetes', type: 'deployment', id: 'shop/api', namespace: ns },
        evidence: { claim: 'gone', exists: false, phase: undefined, pods: ['api-1', 'api-2'] },
        recommendation: expect.stringMatching(/^Create the claim/),
      },
      {
        id: 'k8s-diagnose:shop/api:claim:slow',
        severity: 'high',
        title: 'PersistentVolumeClaim shop/slow is Pending (needed by api-1)',
        resource: { provider: 'kubernetes', type: 'deployment', id: 'shop/api', namespace: ns },
        evidence: { claim: 'slow', exists: true, phase: 'Pending', pods: ['api-1'] },
        recommendation: expect.stringMatching(/^Check its StorageClass/),
      },
      {
        id: 'k8s-diagnose:shop/api:claim:odd',
        severity: 'high',
        title: 'PersistentVolumeClaim shop/odd is not bound (needed by api-1)',
        resource: { provider: 'kubernetes', type: 'deployment', id: 'shop/api', namespace: ns },
        evidence: { claim: 'odd', exists: true, phase: undefined, pods: ['api-1'] },
        recommendation: expect.stringMatching(/^Check its StorageClass/),
      },
    ])
  })

  it('a Bound claim is no problem', () => {
    expect(dependencyFindings(found('deployment', 'api'), context({ pvcs: [claim('data', true, 'Bound')] }))).toEqual(
      [],
    )
  })

  it('a diagnosed claim is not reported again as its own dependency; other claims still are', () => {
    const pvcs = [claim('data', true, 'Pending'), claim('logs', true, 'Pending')]
    expect(dependencyFindings(found('pvc', 'data'), context({ pvcs })).map((f) => f.id)).toEqual([
      'k8s-diagnose:shop/data:claim:logs',
    ])
    // A workload that happens to share the claim's name still reports it.
    expect(dependencyFindings(found('statefulset', 'data'), context({ pvcs })).map((f) => f.id)).toEqual([
      'k8s-diagnose:shop/data:claim:data',
      'k8s-diagnose:shop/data:claim:logs',
    ])
  })
})

describe('dependencyFindings: nodes', () => {
  const n = (name: string, over: Partial<NodeState> = {}): NodeState => ({
    name,
    exists: true,
    unschedulable: false,
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady' },
    ],
    ...over,
  })
  const onNodes = (...nodes: NodeState[]) => dependencyFindings(found('pod', 'p'), context({ nodes }))
  const nodeRes = (name: string) => ({ provider: 'kubernetes', type: 'node', id: name })

  it('a healthy node is no problem', () => {
    expect(onNodes(n('n1'))).toEqual([])
  })

  it('a node that no longer exists is high', () => {
    expect(onNodes(n('gone', { exists: false, conditions: [] }))).toEqual([
      {
        id: 'k8s-diagnose:shop/p:node:gone:missing',
        severity: 'high',
        title: 'node gone no longer exists',
        resource: nodeRes('gone'),
        evidence: {},
        recommendation: expect.stringMatching(/rescheduled/),
      },
    ])
  })

  it('NotReady is critical, with its reason when there is one', () => {
    expect(onNodes(n('n1', { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletDown' }] }))).toEqual([
      {
        id: 'k8s-diagnose:shop/p:node:n1:not-ready',
        severity: 'critical',
        title: 'node n1 is NotReady (KubeletDown)',
        resource: nodeRes('n1'),
        evidence: { ready: 'False', reason: 'KubeletDown' },
        recommendation: expect.stringMatching(/kubelet/),
      },
    ])
    expect(brief(onNodes(n('n2', { conditions: [{ type: 'Ready', status: 'Unknown' }] })))).toEqual([
      { id: 'k8s-diagnose:shop/p:node:n2:not-ready', severity: 'critical', title: 'node n2 is NotReady' },
    ])
  })

  it('a node with no Ready condition at all is NotReady', () => {
    const f = onNodes(n('n3', { conditions: [{ type: 'DiskPressure', status: 'False' }] }))
    expect(brief(f)).toEqual([
      { id: 'k8s-diagnose:shop/p:node:n3:not-ready', severity: 'critical', title: 'node n3 is NotReady' },
    ])
    expect(f[0]?.evidence).toEqual({ ready: undefined, reason: undefined })
  })

  it('each pressure that is True is high; False ones and other conditions are not', () => {
    const conditions = [
      { type: 'Ready', status: 'True' },
      { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory' },
      { type: 'DiskPressure', status: 'False' },
      { type: 'PIDPressure', status: 'True' },
      { type: 'NetworkUnavailable', status: 'True' },
    ]
    expect(onNodes(n('n1', { conditions }))).toEqual([
      {
        id: 'k8s-diagnose:shop/p:node:n1:MemoryPressure',
        severity: 'high',
        title: 'node n1 has MemoryPressure',
        resource: nodeRes('n1'),
        evidence: { condition: 'MemoryPressure', reason: 'KubeletHasInsufficientMemory' },
        recommendation: expect.stringMatching(/evicts pods/),
      },
      {
        id: 'k8s-diagnose:shop/p:node:n1:PIDPressure',
        severity: 'high',
        title: 'node n1 has PIDPressure',
        resource: nodeRes('n1'),
        evidence: { condition: 'PIDPressure', reason: undefined },
        recommendation: expect.stringMatching(/evicts pods/),
      },
    ])
  })

  it('cordoned is medium', () => {
    expect(onNodes(n('n1', { unschedulable: true }))).toEqual([
      {
        id: 'k8s-diagnose:shop/p:node:n1:cordoned',
        severity: 'medium',
        title: 'node n1 is cordoned',
        resource: nodeRes('n1'),
        evidence: { unschedulable: true },
        recommendation: expect.stringMatching(/uncordoned/),
      },
    ])
  })

  it('every node is judged, claims first', () => {
    const f = dependencyFindings(
      found('deployment', 'api'),
      context({
        pvcs: [{ namespace: ns, name: 'c', exists: false, pods: ['api-1'] }],
        nodes: [n('n1', { unschedulable: true }), n('n2'), n('n3', { exists: false })],
      }),
    )
    expect(f.map((x) => x.id)).toEqual([
      'k8s-diagnose:shop/api:claim:c',
      'k8s-diagnose:shop/api:node:n1:cordoned',
      'k8s-diagnose:shop/api:node:n3:missing',
    ])
  })
})

describe('referenceFindings', () => {
  const ref = (kind: 'ConfigMap' | 'Secret', name: string, exists: boolean, optional: boolean, pods = ['a']) => ({
    kind,
    namespace: ns,
    name,
    exists,
    optional,
    pods,
  })

  it('a missing reference that some pod needs is high, naming the pods', () => {
    expect(referenceFindings(found('deployment', 'api'), [ref('Secret', 'creds', false, false, ['a', 'b'])])).toEqual([
      {
        id: 'k8s-diagnose:shop/api:missing:Secret:creds',
        severity: 'high',
        title: 'Secret shop/creds does not exist (needed by a, b)',
        resource: { provider: 'kubernetes', type: 'deployment', id: 'shop/api', namespace: ns },
        evidence: { kind: 'Secret', name: 'creds', pods: ['a', 'b'] },
        recommendation: 'Create the Secret, or fix the reference to it.',
      },
    ])
    expect(referenceFindings(found('pod', 'a'), [ref('ConfigMap', 'settings', false, false)])[0]?.recommendation).toBe(
      'Create the ConfigMap, or fix the reference to it.',
    )
  })

  it('existing references, and missing optional ones, are no problem', () => {
    expect(
      referenceFindings(found('pod', 'a'), [
        ref('Secret', 'here', true, false),
        ref('ConfigMap', 'maybe', false, true),
        ref('Secret', 'both', true, true),
      ]),
    ).toEqual([])
  })
})

describe('eventFindings', () => {
  const event = (over: Partial<ObjectEvent>): ObjectEvent => ({
    kind: 'Pod',
    name: 'a',
    namespace: ns,
    reason: 'Unhealthy',
    message: 'Readiness probe failed',
    count: 1,
    last: '2026-11-20T10:00:00.000Z',
    ...over,
  })

  it('groups by object and reason, sums the counts, keeps the newest message', () => {
    const events = [
      event({ count: 4, message: 'Readiness probe failed: HTTP 503\nbody', last: '2026-11-20T10:05:00.000Z' }),
      event({ kind: 'ReplicaSet', name: 'a', reason: 'FailedCreate', message: 'quota exceeded', count: 2 }),
      event({ count: 3, message: 'Readiness probe failed: timeout' }),
    ]
    expect(eventFindings(found('deployment', 'api'), context({ events }), new Set())).toEqual([
      {
        id: 'k8s-diagnose:shop/api:event:Pod/a:Unhealthy',
        severity: 'medium',
        title: 'Pod a: Unhealthy ×7: Readiness probe failed: HTTP 503 body',
        resource: { provider: 'kubernetes', type: 'deployment', id: 'shop/api', namespace: ns },
        evidence: {
          reason: 'Unhealthy',
          count: 7,
          last: '2026-11-20T10:05:00.000Z',
          message: 'Readiness probe failed: HTTP 503 body',
        },
        recommendation: expect.stringMatching(/what the cluster tried/),
      },
      {
        id: 'k8s-diagnose:shop/api:event:ReplicaSet/a:FailedCreate',
        severity: 'medium',
        title: 'ReplicaSet a: FailedCreate ×2: quota exceeded',
        resource: { provider: 'kubernetes', type: 'deployment', id: 'shop/api', namespace: ns },
        evidence: { reason: 'FailedCreate', count: 2, last: '2026-11-20T10:00:00.000Z', message: 'quota exceeded' },
        recommendation: expect.stringMatching(/what the cluster tried/),
      },
    ])
  })

  it('a reason another finding already explains is low; the rest stay medium', () => {
    const events = [event({ reason: 'BackOff' }), event({ reason: 'Unhealthy' })]
    const f = eventFindings(found('pod', 'a'), context({ events }), new Set(['BackOff']))
    expect(f.map((x) => [x.id, x.severity])).toEqual([
      ['k8s-diagnose:shop/a:event:Pod/a:BackOff', 'low'],
      ['k8s-diagnose:shop/a:event:Pod/a:Unhealthy', 'medium'],
    ])
  })

  it('no events, no findings', () => {
    expect(eventFindings(found('pod', 'a'), context(), new Set(['BackOff']))).toEqual([])
  })
})
