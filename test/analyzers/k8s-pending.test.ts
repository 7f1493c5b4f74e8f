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
