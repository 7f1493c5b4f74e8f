// k8s-rollout, as the k8s-deployment-rollout playbook runs it: deployments, replica sets (optional) and Warning
// events (optional) from their list actions.
import type { CoreV1Event, V1Deployment, V1DeploymentCondition, V1ReplicaSet } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out, when } from './support.js'

const analysis = await analysisOf('k8s-deployment-rollout', 'k8s-rollout')
const run = (deployments: V1Deployment[], replicasets: V1ReplicaSet[] | null = [], events: CoreV1Event[] = []) =>
  analysis.run({
    deployments: out(deployments),
    replicasets: replicasets ? out(replicasets) : undefined,
    events: out(events),
  })

const condition = (c: Partial<V1DeploymentCondition>) =>
  ({ lastUpdateTime: when, lastTransitionTime: when, ...c }) as V1DeploymentCondition
const available = (ok: boolean) =>
  condition({
    type: 'Available',
    status: ok ? 'True' : 'False',
    reason: ok ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
  })

function deployment(
  ns: string,
  name: string,
  replicas: number,
  status: V1Deployment['status'] | undefined,
): V1Deployment {
  const labels = { app: name }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, labels, generation: 2 },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      progressDeadlineSeconds: 600,
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'registry.example/app:2.0' }] } },
    },
    ...(status ? { status } : {}),
  }
}

const healthyStatus = (n: number): V1Deployment['status'] => ({
  observedGeneration: 2,
  replicas: n,
  updatedReplicas: n,
  readyReplicas: n,
  availableReplicas: n,
  conditions: [
    available(true),
    condition({
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: 'has successfully progressed.',
    }),
  ],
})
const stuckStatus = (n: number, avail: number, message: string): V1Deployment['status'] => ({
  observedGeneration: 2,
  replicas: n,
  updatedReplicas: n,
  readyReplicas: avail,
  availableReplicas: avail,
  unavailableReplicas: n - avail,
  conditions: [
    available(false),
    condition({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message }),
  ],
})

function replicaSet(
  ns: string,
  name: string,
  owner: V1Deployment | undefined,
  revision: string,
  replicas: number,
  ready: number,
): V1ReplicaSet {
  const app = owner?.metadata?.name ?? name.slice(0, name.lastIndexOf('-'))
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: ns,
      labels: { app, 'pod-template-hash': name.slice(name.lastIndexOf('-') + 1) },
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: owner.metadata?.name as string,
                uid: owner.metadata?.uid as string,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: { replicas, selector: { matchLabels: { app } } },
    status: { replicas, readyReplicas: ready, availableReplicas: ready },
  }
}

const event = (ns: string, kind: string, name: string, reason: string, message: string): CoreV1Event => ({
  metadata: { name: `${name}.${reason}`, namespace: ns },
  involvedObject: { kind, name, namespace: ns },
  type: 'Warning',
  reason,
  message,
  count: 1,
  lastTimestamp: when,
})

const timedOut = 'ReplicaSet "checkout-7d9" has timed out progressing.'
const checkout = deployment('shop', 'checkout', 3, stuckStatus(3, 1, timedOut))

describe('k8s-rollout flags', () => {
  it.each([
    {
      state: 'a rollout past its progress deadline → high',
      d: checkout,
      title: /rollout stuck — ReplicaSet "checkout-7d9" has timed out/,
      severity: 'high',
      evidence: {
        desired: 3,
        ready: 1,
        updated: 3,
        unavailable: 2,
        progressing: { status: 'False', reason: 'ProgressDeadlineExceeded' },
      },
    },
    {
      state: 'replicas failing to be created (ReplicaFailure, quota) → high, with the reason',
      d: deployment('shop', 'checkout', 3, {
        ...healthyStatus(3),
        replicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        unavailableReplicas: 1,
        conditions: [
          available(true),
          condition({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }),
          condition({
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'pods "checkout-7d9-x" is forbidden: exceeded quota: compute',
          }),
        ],
      }),
      title: /replicas failing to be created — pods "checkout-7d9-x" is forbidden: exceeded quota/,
      severity: 'high',
      evidence: { desired: 3, unavailable: 1, progressing: { status: 'True', reason: 'ReplicaSetUpdated' } },
    },
    {
      state: 'a rollout in progress with an unavailable replica → medium',
      d: deployment('shop', 'checkout', 3, {
        ...healthyStatus(3),
        readyReplicas: 2,
        availableReplicas: 2,
        unavailableReplicas: 1,
        conditions: [
          available(true),
          condition({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'is progressing.' }),
        ],
      }),
      title: /1 of 3 replicas unavailable/,
      severity: 'medium',
      evidence: { desired: 3, ready: 2, unavailable: 1 },
    },
    {
      state: 'replicas short of desired when unavailableReplicas is omitted → medium, computed',
      d: deployment('shop', 'checkout', 3, {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 1,
        availableReplicas: 1,
        conditions: [available(false)],
      }),
      title: /2 of 3 replicas unavailable/,
      severity: 'medium',
      evidence: { desired: 3, unavailable: 2, progressing: undefined },
    },
  ])('$state', ({ d, title, severity, evidence }) => {
    const findings = run([d])
    expect(ids(findings)).toEqual(['k8s-rollout:shop/checkout'])
    const f = only(findings, 'k8s-rollout:shop/checkout')
    expect(f.severity).toBe(severity)
    expect(f.title).toMatch(title)
    expect(f.resource).toEqual({ provider: 'kubernetes', type: 'deployment', id: 'shop/checkout', namespace: 'shop' })
    expect(f.evidence).toMatchObject(evidence)
  })
})

describe('k8s-rollout names the newest replica set and its events', () => {
  it.each([
    {
      state: 'owned by reference, highest revision',
      replicasets: [
        replicaSet('shop', 'checkout-5b4', checkout, '1', 0, 0),
        replicaSet('shop', 'checkout-7d9', checkout, '2', 3, 1),
        // Same labels, higher revision, but another deployment's (a different uid): not this one's.
        replicaSet('shop', 'checkout-zzz', deployment('shop', 'checkout-old', 1, undefined), '9', 1, 1),
        // Same name and revision in another namespace.
        replicaSet('staging', 'checkout-9f1', deployment('staging', 'checkout', 3, undefined), '7', 3, 3),
      ],
      newest: { name: 'checkout-7d9', ready: 1, desired: 3 },
    },
    {
      state: 'matched by selector labels when it has no owner references',
      replicasets: [
        replicaSet('shop', 'checkout-5b4', undefined, '1', 0, 0),
        replicaSet('shop', 'checkout-7d9', undefined, '2', 3, 1),
      ],
      newest: { name: 'checkout-7d9', ready: 1, desired: 3 },
    },
    { state: 'none when the replica sets step failed', replicasets: undefined, newest: undefined },
  ])('$state', ({ replicasets, newest }) => {
    const f = only(run([checkout], replicasets ?? null), 'k8s-rollout:shop/checkout')
    expect(f.evidence.newest_replicaset).toEqual(newest)
  })

  it('keeps the deployment’s and the newest replica set’s events, not others’', () => {
    const replicasets = [
      replicaSet('shop', 'checkout-5b4', checkout, '1', 0, 0),
      replicaSet('shop', 'checkout-7d9', checkout, '2', 3, 1),
    ]
    const events = [
      event('shop', 'ReplicaSet', 'checkout-7d9', 'FailedCreate', 'exceeded quota'),
      event('shop', 'Deployment', 'checkout', 'ProgressDeadlineExceeded', 'deadline'),
      event('shop', 'ReplicaSet', 'checkout-5b4', 'FailedCreate', 'old revision'),
      event('staging', 'Deployment', 'checkout', 'ProgressDeadlineExceeded', 'other namespace'),
      event('shop', 'Deployment', 'cart', 'ProgressDeadlineExceeded', 'other deployment'),
    ]
    const f = only(run([checkout], replicasets, events), 'k8s-rollout:shop/checkout')
    expect(f.evidence.events).toEqual([
      { reason: 'FailedCreate', message: 'exceeded quota' },
      { reason: 'ProgressDeadlineExceeded', message: 'deadline' },
    ])
  })
})

describe('k8s-rollout does not flag (next to a stuck rollout it does)', () => {
  it.each([
    { state: 'a healthy deployment', d: deployment('shop', 'cart', 2, healthyStatus(2)) },
    {
      state: 'a healthy deployment whose status omits unavailableReplicas',
      d: deployment('shop', 'cart', 3, { ...healthyStatus(3), unavailableReplicas: undefined }),
    },
    {
      state: 'a deployment scaled to zero',
      d: deployment('shop', 'cart', 0, { observedGeneration: 2, conditions: [available(true)] }),
    },
    {
      state: 'a paused deployment with every replica available',
      d: deployment('shop', 'cart', 2, {
        ...healthyStatus(2),
        conditions: [
          available(true),
          condition({
            type: 'Progressing',
            status: 'Unknown',
            reason: 'DeploymentPaused',
            message: 'Deployment is paused',
          }),
        ],
      }),
    },
    {
      state: 'a ReplicaFailure condition that has cleared (False)',
      d: deployment('shop', 'cart', 2, {
        ...healthyStatus(2),
        conditions: [...(healthyStatus(2)?.conditions ?? []), condition({ type: 'ReplicaFailure', status: 'False' })],
      }),
    },
  ])('$state', ({ d }) => {
    expect(ids(run([checkout, d]))).toEqual(['k8s-rollout:shop/checkout'])
  })
})

describe('k8s-rollout when deployments could not be listed', () => {
  it('says so (info)', () => {
    const findings = analysis.run({ deployments: undefined, replicasets: out([]), events: out([]) })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['k8s-rollout:cluster:not-seen:deployments', 'info']])
  })
})

describe('k8s-rollout: what a person reads', () => {
  const progressing = (status: string, reason: string, message?: string) =>
    condition({ type: 'Progressing', status, reason, ...(message ? { message } : {}) })
  const failure = condition({
    type: 'ReplicaFailure',
    status: 'True',
    reason: 'FailedCreate',
    message: 'exceeded quota',
  })
  const short = (conditions: V1DeploymentCondition[]) => ({
    ...healthyStatus(3),
    readyReplicas: 2,
    availableReplicas: 2,
    unavailableReplicas: 1,
    conditions,
  })

  it.each([
    {
      state: 'stuck, with the controller’s message',
      d: checkout,
      events: [],
      title: `Deployment shop/checkout: rollout stuck — ${timedOut}`,
      severity: 'high',
    },
    {
      state: 'stuck by its deadline reason while the condition is Unknown',
      d: deployment('shop', 'checkout', 3, short([progressing('Unknown', 'ProgressDeadlineExceeded')])),
      events: [],
      title: 'Deployment shop/checkout: rollout stuck',
      severity: 'high',
    },
    {
      state: 'stuck for another reason (Progressing False)',
      d: deployment('shop', 'checkout', 3, short([progressing('False', 'ReplicaSetCreateError', 'cannot create')])),
      events: [],
      title: 'Deployment shop/checkout: rollout stuck — cannot create',
      severity: 'high',
    },
    {
      state: 'failing to create replicas: the failure’s message before the progress message',
      d: deployment(
        'shop',
        'checkout',
        3,
        short([progressing('True', 'ReplicaSetUpdated', 'is progressing.'), failure]),
      ),
      events: [],
      title: 'Deployment shop/checkout: replicas failing to be created — exceeded quota',
      severity: 'high',
    },
    {
      state: 'unavailable, explained by an event when no condition says why',
      d: deployment('shop', 'checkout', 3, short([available(true)])),
      events: [event('shop', 'Deployment', 'checkout', 'FailedCreate', 'admission webhook denied')],
      title: 'Deployment shop/checkout: 1 of 3 replicas unavailable — admission webhook denied',
      severity: 'medium',
    },
    {
      state: 'unavailable, with nothing that says why',
      d: deployment('shop', 'checkout', 3, short([available(true)])),
      events: [],
      title: 'Deployment shop/checkout: 1 of 3 replicas unavailable',
      severity: 'medium',
    },
  ])('$state', ({ d, events, title, severity }) => {
    const f = only(run([d], [], events), 'k8s-rollout:shop/checkout')
    expect(f).toMatchObject({ title, severity })
    expect(f.recommendation).toMatch(/roll back/)
  })

  it('a deployment with no replica count and no status yet: 1 desired, 1 unavailable, nothing counted', () => {
    const d = deployment('shop', 'checkout', 1, undefined)
    const bare = { ...d, spec: { ...d.spec, replicas: undefined } } as V1Deployment
    const f = only(run([bare]), 'k8s-rollout:shop/checkout')
    expect(f).toMatchObject({ severity: 'medium', title: 'Deployment shop/checkout: 1 of 1 replicas unavailable' })
    expect(f.evidence).toEqual({
      desired: 1,
      ready: 0,
      updated: 0,
      unavailable: 1,
      progressing: undefined,
      newest_replicaset: undefined,
      events: [],
    })
  })

  it('more replicas available than desired is not negative', () => {
    const d = deployment('shop', 'cart', 2, {
      replicas: 3,
      availableReplicas: 3,
      readyReplicas: 3,
      conditions: [available(true)],
    })
    expect(run([d])).toEqual([])
  })

  it('the newest replica set: revision by annotation (none is 0), ready 0 when unset', () => {
    const unannotated = replicaSet('shop', 'checkout-aaa', checkout, '1', 3, 0)
    delete unannotated.metadata?.annotations
    const older = replicaSet('shop', 'checkout-5b4', checkout, '3', 2, 2)
    const newest = replicaSet('shop', 'checkout-7d9', checkout, '10', 3, 0)
    if (newest.status) newest.status.readyReplicas = undefined
    const f = only(run([checkout], [unannotated, newest, older]), 'k8s-rollout:shop/checkout')
    expect(f.evidence.newest_replicaset).toEqual({ name: 'checkout-7d9', ready: 0, desired: 3 })
  })

  it('a replica set owned by something other than the deployment is not its own, labels or not', () => {
    const rs = replicaSet('shop', 'checkout-7d9', checkout, '2', 3, 1)
    const ref = rs.metadata?.ownerReferences?.[0]
    if (ref) ref.kind = 'Rollout'
    expect(only(run([checkout], [rs]), 'k8s-rollout:shop/checkout').evidence.newest_replicaset).toBeUndefined()
  })

  it('a deployment with an empty selector matches no replica set by labels', () => {
    const d = { ...checkout, spec: { ...checkout.spec, selector: {} } } as V1Deployment
    const rs = replicaSet('shop', 'checkout-7d9', undefined, '2', 3, 1)
    expect(only(run([d], [rs]), 'k8s-rollout:shop/checkout').evidence.newest_replicaset).toBeUndefined()
  })

  it('a deployment with no selector matches no replica set by labels', () => {
    const d = { ...checkout, spec: { ...checkout.spec, selector: undefined } } as unknown as V1Deployment
    const rs = replicaSet('shop', 'checkout-7d9', undefined, '2', 3, 1)
    expect(only(run([d], [rs]), 'k8s-rollout:shop/checkout').evidence.newest_replicaset).toBeUndefined()
  })

  it('labels must all match', () => {
    const d = {
      ...checkout,
      spec: { ...checkout.spec, selector: { matchLabels: { app: 'checkout', tier: 'web' } } },
    } as V1Deployment
    const rs = replicaSet('shop', 'checkout-7d9', undefined, '2', 3, 1)
    expect(only(run([d], [rs]), 'k8s-rollout:shop/checkout').evidence.newest_replicaset).toBeUndefined()
  })

  it('without replica sets, the deployment’s own events are still read (at most 5)', () => {
    const events = Array.from({ length: 6 }, (_, i) =>
      event('shop', 'Deployment', 'checkout', 'FailedCreate', `try ${i}`),
    )
    const f = only(
      run([checkout], null, [event('shop', 'ReplicaSet', 'checkout-7d9', 'FailedCreate', 'rs'), ...events]),
      'k8s-rollout:shop/checkout',
    )
    expect((f.evidence.events as { message: string }[]).map((e) => e.message)).toEqual([
      'try 0',
      'try 1',
      'try 2',
      'try 3',
      'try 4',
    ])
  })
})

describe('k8s-rollout: edges', () => {
  const allAvailable = (extra: V1DeploymentCondition) => ({ ...healthyStatus(3), conditions: [available(true), extra] })

  it('a rollout past its deadline is stuck even while every old replica still serves', () => {
    const d = deployment(
      'shop',
      'checkout',
      3,
      allAvailable(condition({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' })),
    )
    expect(only(run([d]), 'k8s-rollout:shop/checkout')).toMatchObject({
      severity: 'high',
      evidence: { unavailable: 0 },
    })
  })

  it('a replica failure is reported even with every replica available', () => {
    const d = deployment(
      'shop',
      'checkout',
      3,
      allAvailable(condition({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' })),
    )
    expect(only(run([d]), 'k8s-rollout:shop/checkout')).toMatchObject({
      severity: 'high',
      title: 'Deployment shop/checkout: replicas failing to be created',
    })
  })

  it('a replica set with the same labels in another namespace is not this deployment’s', () => {
    const rs = replicaSet('staging', 'checkout-7d9', undefined, '9', 3, 3)
    expect(only(run([checkout], [rs]), 'k8s-rollout:shop/checkout').evidence.newest_replicaset).toBeUndefined()
  })

  it('a replica set with several owners is this deployment’s if one of them is', () => {
    const rs = replicaSet('shop', 'checkout-7d9', checkout, '2', 3, 1)
    rs.metadata?.ownerReferences?.unshift({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'uid-x' })
    expect(only(run([checkout], [rs]), 'k8s-rollout:shop/checkout').evidence.newest_replicaset).toEqual({
      name: 'checkout-7d9',
      ready: 1,
      desired: 3,
    })
  })

  it('a newest replica set with no spec or status yet', () => {
    const rs = {
      ...replicaSet('shop', 'checkout-7d9', checkout, '2', 3, 1),
      spec: undefined,
      status: undefined,
    } as never
    expect(only(run([checkout], [rs]), 'k8s-rollout:shop/checkout').evidence.newest_replicaset).toEqual({
      name: 'checkout-7d9',
      ready: 0,
      desired: undefined,
    })
  })

  it('objects with parts missing are read without failing', () => {
    const bare = { status: { unavailableReplicas: 1 } } as V1Deployment
    const ownerless = replicaSet('', 'x-1', undefined, '1', 1, 0)
    const noObject = { ...event('', 'Deployment', 'x', 'FailedCreate', 'm'), involvedObject: undefined } as never
    const owned = replicaSet('', 'y-1', checkout, '1', 1, 0)
    const f = only(run([bare], [{}, ownerless, owned], [noObject]), 'k8s-rollout:/')
    expect(f).toMatchObject({
      severity: 'medium',
      resource: { provider: 'kubernetes', type: 'deployment', id: '/', namespace: '' },
      evidence: { desired: 1, unavailable: 1, newest_replicaset: undefined, events: [] },
    })
  })
})
