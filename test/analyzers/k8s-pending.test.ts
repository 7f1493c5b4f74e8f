// k8s-pending, as the k8s-pending-pods playbook runs it: pods from k8s.pods.list (field_selector
// status.phase=Pending), events from k8s.events.list (reason=FailedScheduling, optional).
import type { CoreV1Event, V1Pod, V1PodCondition } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, containerStatus as cs, ids, only, out, pod, podStatus, when } from './support.js'

const analysis = await analysisOf('k8s-pending-pods', 'k8s-pending')
const run = (pods: V1Pod[], events: CoreV1Event[] | null = []) =>
  analysis.run({ pods: out(pods), events: events ? out(events) : undefined })

const insufficient = '0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available.'
const scheduledCondition = (c: Partial<V1PodCondition>) => ({ type: 'PodScheduled', lastTransitionTime: when, ...c })
const pending = (ns: string, name: string, conditions: Partial<V1PodCondition>[] = [], extra = {}) =>
  pod(ns, name, {
    status: { phase: 'Pending', conditions: conditions.map(scheduledCondition) as V1PodCondition[], ...extra },
  })
const unschedulable = (ns: string, name: string, message = insufficient) =>
  pending(ns, name, [{ status: 'False', reason: 'Unschedulable', message }])
const failedScheduling = (ns: string, podName: string, message: string, count = 3): CoreV1Event => ({
  metadata: { name: `${podName}.17a`, namespace: ns },
  involvedObject: { kind: 'Pod', name: podName, namespace: ns },
  type: 'Warning',
  reason: 'FailedScheduling',
  message,
  count,
  source: { component: 'default-scheduler' },
  lastTimestamp: when,
})

describe('k8s-pending flags', () => {
  it.each([
    {
      state: 'an unschedulable pod → high, with the scheduler’s message',
      pods: [unschedulable('shop', 'big')],
      events: [failedScheduling('shop', 'big', insufficient, 3)],
      id: 'k8s-pending:shop/big',
      severity: 'high',
      evidence: {
        reason: 'Unschedulable',
        message: insufficient,
        since: when.toISOString(),
        events: [{ reason: 'FailedScheduling', message: insufficient, count: 3 }],
      },
    },
    {
      state: 'a scheduled pod still Pending (pulling its image, mounting volumes) → medium',
      pods: [
        pending('shop', 'pulling', [{ status: 'True' }], {
          containerStatuses: [cs.waiting('app', 'ContainerCreating')],
        }),
      ],
      events: [],
      id: 'k8s-pending:shop/pulling',
      severity: 'medium',
      evidence: { reason: undefined, message: undefined, events: [] },
    },
    {
      state: 'a pod held by scheduling gates (not unschedulable) → medium',
      pods: [
        pending('shop', 'gated', [
          {
            status: 'False',
            reason: 'SchedulingGated',
            message: 'Scheduling is blocked due to non-empty scheduling gates',
          },
        ]),
      ],
      events: [],
      id: 'k8s-pending:shop/gated',
      severity: 'medium',
      evidence: { reason: 'SchedulingGated' },
    },
    {
      state: 'a Pending pod with no conditions yet, its message taken from its event',
      pods: [pending('shop', 'fresh')],
      events: [failedScheduling('shop', 'fresh', 'no nodes available to schedule pods', 1)],
      id: 'k8s-pending:shop/fresh',
      severity: 'medium',
      evidence: { message: 'no nodes available to schedule pods', events: [{ count: 1 }] },
    },
  ])('$state', ({ pods, events, id, severity, evidence }) => {
    const findings = run(pods, events)
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual({ provider: 'kubernetes', type: 'pod', id: id.slice(12), namespace: 'shop' })
    expect(f.evidence).toMatchObject(evidence)
  })

  it.each([
    {
      state: 'placed, its init container in CrashLoopBackOff',
      status: {
        initContainerStatuses: [cs.crashLoop('migrate', 4, 3)],
        containerStatuses: [cs.waiting('app', 'PodInitializing')],
      },
      cause: 'init container migrate is CrashLoopBackOff (4 restarts)',
    },
    {
      state: 'placed, its app container unable to pull its image',
      status: { containerStatuses: [cs.waiting('app', 'ImagePullBackOff', 0, 'Back-off pulling image "ap:1"')] },
      cause: 'container app is ImagePullBackOff: Back-off pulling image "ap:1"',
    },
    {
      state: 'placed, init done, the app missing a Secret',
      status: {
        initContainerStatuses: [cs.terminated('migrate', 'Completed', 0)],
        containerStatuses: [cs.waiting('app', 'CreateContainerConfigError', 0, 'secret "db" not found')],
      },
      cause: 'container app is CreateContainerConfigError: secret "db" not found',
    },
  ])('a Pending pod tied to its cause → high, the cause in title and evidence: $state', ({ status, cause }) => {
    const p = pending('shop', 'stuck', [{ status: 'True' }], status)
    const f = only(run([p]), 'k8s-pending:shop/stuck')
    expect(f.severity).toBe('high')
    expect(f.title).toBe(`shop/stuck is Pending: ${cause}`)
    expect(f.evidence.cause).toBe(cause)
    expect(f.recommendation).toMatch(/container it waits on/)
  })

  it('an unschedulable pod keeps the scheduler as its cause, whatever its containers say', () => {
    const p = pending('shop', 'nowhere', [{ status: 'False', reason: 'Unschedulable', message: insufficient }], {
      containerStatuses: [cs.waiting('app', 'ImagePullBackOff')],
    })
    const f = only(run([p]), 'k8s-pending:shop/nowhere')
    expect(f.title).toBe(`shop/nowhere is Pending (unschedulable): ${insufficient}`)
    expect(f.evidence.cause).toBeUndefined()
  })

  it('puts the scheduler message in the title and keeps at most 5 related events', () => {
    const events = Array.from({ length: 7 }, (_, i) => failedScheduling('shop', 'big', `attempt ${i}`, 1))
    const f = only(run([unschedulable('shop', 'big')], events), 'k8s-pending:shop/big')
    expect(f.title).toContain('Insufficient cpu')
    expect(f.evidence.events).toHaveLength(5)
  })

  it('still reports an unschedulable pod when the events step failed', () => {
    const f = only(run([unschedulable('shop', 'big')], null), 'k8s-pending:shop/big')
    expect(f).toMatchObject({ severity: 'high', evidence: { message: insufficient, events: [] } })
  })
})

describe('k8s-pending does not flag (next to an unschedulable pod it does)', () => {
  const control = unschedulable('shop', 'control')
  it.each([
    { state: 'a Running pod', p: pod('shop', 'web', { status: podStatus.running(['app']) }) },
    {
      state: 'a Succeeded pod',
      p: pod('shop', 'job', { status: podStatus.withContainers('Succeeded', [cs.terminated('app', 'Completed', 0)]) }),
    },
    {
      state: 'a Failed pod',
      p: pod('shop', 'evicted', {
        status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on memory.' },
      }),
    },
    {
      state: 'a Running pod whose container is crash-looping (not pending)',
      p: pod('shop', 'crashy', { status: podStatus.withContainers('Running', [cs.crashLoop('app', 9)]) }),
    },
  ])('$state', ({ p }) => {
    expect(ids(run([control, p]))).toEqual(['k8s-pending:shop/control'])
  })

  it('does not attach events of a same-named pod in another namespace', () => {
    const f = only(
      run([unschedulable('shop', 'big')], [failedScheduling('staging', 'big', 'other namespace')]),
      'k8s-pending:shop/big',
    )
    expect(f.evidence.events).toEqual([])
  })
})

describe('k8s-pending when pods could not be listed', () => {
  it('says so (info)', () => {
    const findings = analysis.run({ pods: undefined, events: out([]) })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['k8s-pending:cluster:not-seen:pods', 'info']])
  })
})

describe('k8s-pending: what a person reads', () => {
  it.each([
    {
      state: 'unschedulable, with the scheduler message',
      p: unschedulable('shop', 'big'),
      events: [],
      title: `shop/big is Pending (unschedulable): ${insufficient}`,
      advice: /scheduler message/,
    },
    {
      state: 'scheduled, no message',
      p: pending('shop', 'pulling', [{ status: 'True' }]),
      events: [],
      title: 'shop/pulling is Pending',
      advice: /image pulls and volume mounts/,
    },
    {
      state: 'no condition yet, the message from the first related event',
      p: pending('shop', 'fresh'),
      events: [failedScheduling('shop', 'fresh', 'first'), failedScheduling('shop', 'fresh', 'second')],
      title: 'shop/fresh is Pending: first',
      advice: /image pulls and volume mounts/,
    },
    {
      state: 'a PodScheduled False that is not Unschedulable',
      p: pending('shop', 'gated', [{ status: 'False', reason: 'SchedulingGated', message: 'gated' }]),
      events: [],
      title: 'shop/gated is Pending: gated',
      advice: /image pulls/,
    },
    {
      state: 'an Unschedulable reason on a condition that is not False',
      p: pending('shop', 'odd', [{ status: 'True', reason: 'Unschedulable' }]),
      events: [],
      title: 'shop/odd is Pending',
      advice: /image pulls/,
    },
  ])('$state', ({ p, events, title, advice }) => {
    const [f] = run([p], events)
    expect(f?.title).toBe(title)
    expect(f?.recommendation).toMatch(advice)
  })

  it('the condition’s message wins over the events’', () => {
    const f = only(
      run([unschedulable('shop', 'big', 'from the condition')], [failedScheduling('shop', 'big', 'from an event')]),
      'k8s-pending:shop/big',
    )
    expect(f.evidence.message).toBe('from the condition')
  })

  it('events are related by name and namespace both, and kept in order with their counts', () => {
    const events = [
      failedScheduling('shop', 'other', 'other pod'),
      failedScheduling('shop', 'big', 'one', 2),
      failedScheduling('staging', 'big', 'other namespace'),
      failedScheduling('shop', 'big', 'two', 5),
    ]
    const f = only(run([unschedulable('shop', 'big')], events), 'k8s-pending:shop/big')
    expect(f.evidence.events).toEqual([
      { reason: 'FailedScheduling', message: 'one', count: 2 },
      { reason: 'FailedScheduling', message: 'two', count: 5 },
    ])
  })

  it('keeps exactly the first 5 related events', () => {
    const events = Array.from({ length: 6 }, (_, i) => failedScheduling('shop', 'big', `attempt ${i}`, 1))
    const f = only(run([unschedulable('shop', 'big')], events), 'k8s-pending:shop/big')
    expect((f.evidence.events as { message: string }[]).map((e) => e.message)).toEqual([
      'attempt 0',
      'attempt 1',
      'attempt 2',
      'attempt 3',
      'attempt 4',
    ])
  })

  it('a pod with no creation time gives no since; a pod with no status is not Pending', () => {
    const p = unschedulable('shop', 'big')
    const f = only(run([{ ...p, metadata: { ...p.metadata, creationTimestamp: undefined } }]), 'k8s-pending:shop/big')
    expect(f.evidence.since).toBeUndefined()
    expect(run([{ ...p, status: undefined }])).toEqual([])
  })
})

describe('k8s-pending: partial objects', () => {
  it('a Pending pod with no conditions at all is medium', () => {
    const p = pod('shop', 'fresh', { status: { phase: 'Pending' } })
    expect(run([p]).map((f) => [f.id, f.severity])).toEqual([['k8s-pending:shop/fresh', 'medium']])
  })

  it('the PodScheduled condition is found among the others', () => {
    const p = pending('shop', 'big', [
      { type: 'Initialized', status: 'True' },
      { status: 'False', reason: 'Unschedulable', message: insufficient },
    ])
    expect(only(run([p]), 'k8s-pending:shop/big').severity).toBe('high')
  })

  it('an event about no object is related to no pod', () => {
    const e = { ...failedScheduling('shop', 'big', 'orphan'), involvedObject: undefined } as never
    expect(only(run([unschedulable('shop', 'big')], [e]), 'k8s-pending:shop/big').evidence.events).toEqual([])
  })

  it('a Pending pod with no metadata is still reported', () => {
    const p = { ...unschedulable('shop', 'big'), metadata: undefined }
    const f = only(run([p], [failedScheduling('shop', 'big', 'x')]), 'k8s-pending:/')
    expect(f).toMatchObject({ severity: 'high', evidence: { since: undefined, events: [] } })
  })
})
