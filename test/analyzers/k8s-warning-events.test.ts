// k8s-warning-events, as the k8s-warning-events playbook runs it: events from k8s.events.list (types [Warning],
// newest first), top from the playbook (default 20).
import type { CoreV1Event } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out, when } from './support.js'

const analysis = await analysisOf('k8s-warning-events', 'k8s-warning-events')
const run = (events: CoreV1Event[], params = {}) => analysis.run({ events: out(events) }, params)

let seq = 0
function event(
  reason: string,
  object: { kind: string; name: string; namespace?: string },
  over: Partial<CoreV1Event> = {},
): CoreV1Event {
  seq += 1
  return {
    metadata: { name: `${object.name}.${seq}`, namespace: object.namespace ?? 'default' },
    involvedObject: object,
    type: 'Warning',
    reason,
    message: `${reason} happened`,
    count: 1,
    firstTimestamp: when,
    lastTimestamp: when,
    source: { component: 'kubelet', host: 'node-a' },
    ...over,
  }
}
const crasher = { kind: 'Pod', name: 'crasher', namespace: 'shop' }

describe('k8s-warning-events flags', () => {
  it.each([
    {
      state: 'BackOff on a pod (a serious reason) → medium',
      e: event('BackOff', crasher, { message: 'Back-off restarting failed container api', count: 25 }),
      id: 'k8s-warning-events:shop/crasher:BackOff',
      severity: 'medium',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/crasher', namespace: 'shop' },
      evidence: {
        reason: 'BackOff',
        count: 25,
        message: 'Back-off restarting failed container api',
        source: 'kubelet',
      },
    },
    ...['Evicted', 'FailedMount', 'FailedScheduling', 'OOMKilling', 'Unhealthy', 'FailedAttachVolume'].map(
      (reason) => ({
        state: `${reason} → medium`,
        e: event(reason, crasher),
        id: `k8s-warning-events:shop/crasher:${reason}`,
        severity: 'medium',
        resource: { provider: 'kubernetes', type: 'pod', id: 'shop/crasher', namespace: 'shop' },
        evidence: { reason, count: 1 },
      }),
    ),
    {
      state: 'FailedCreate on a replica set → medium, typed replicaset',
      e: event('FailedCreate', { kind: 'ReplicaSet', name: 'checkout-7d9', namespace: 'shop' }),
      id: 'k8s-warning-events:shop/checkout-7d9:FailedCreate',
      severity: 'medium',
      resource: { provider: 'kubernetes', type: 'replicaset', id: 'shop/checkout-7d9', namespace: 'shop' },
      evidence: { reason: 'FailedCreate' },
    },
    {
      state: 'a kind findings have no type for (a custom resource) → low, typed object, kind kept in the title',
      e: event('Failed', { kind: 'Certificate', name: 'shop-tls', namespace: 'shop' }),
      id: 'k8s-warning-events:shop/shop-tls:Failed',
      severity: 'low',
      resource: { provider: 'kubernetes', type: 'object', id: 'shop/shop-tls', namespace: 'shop' },
      evidence: { reason: 'Failed' },
      title: 'on Certificate shop/shop-tls',
    },
    {
      state: 'NodeNotReady on a (cluster-scoped) node → medium, no namespace',
      e: event('NodeNotReady', { kind: 'Node', name: 'node-a' }, { source: { component: 'node-controller' } }),
      id: 'k8s-warning-events:node-a:NodeNotReady',
      severity: 'medium',
      resource: { provider: 'kubernetes', type: 'node', id: 'node-a' },
      evidence: { source: 'node-controller' },
    },
    {
      state: 'a reason not in the serious list (DNSConfigForming) → low',
      e: event('DNSConfigForming', crasher, { message: 'Nameserver limits were exceeded' }),
      id: 'k8s-warning-events:shop/crasher:DNSConfigForming',
      severity: 'low',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/crasher', namespace: 'shop' },
      evidence: { reason: 'DNSConfigForming', message: 'Nameserver limits were exceeded' },
    },
    {
      state: 'an events.k8s.io event (no source) → reportingComponent as its source',
      e: event('Unhealthy', crasher, {
        count: undefined,
        source: undefined,
        reportingComponent: 'kubelet',
        eventTime: when,
        series: { count: 4, lastObservedTime: when },
      }),
      id: 'k8s-warning-events:shop/crasher:Unhealthy',
      severity: 'medium',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/crasher', namespace: 'shop' },
      evidence: { reason: 'Unhealthy', source: 'kubelet' },
    },
  ])('$state', ({ e, id, severity, resource, evidence, ...rest }) => {
    const findings = run([e])
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual(resource)
    expect(f.evidence).toMatchObject(evidence)
    if ('title' in rest) expect(f.title).toContain(rest.title)
  })
})

describe('k8s-warning-events groups and ranks', () => {
  it('sums the counts of one reason on one object, keeping the newest message (events arrive newest first)', () => {
    const findings = run([
      event('Unhealthy', crasher, { message: 'Readiness probe failed: 503', count: 4 }),
      event('Unhealthy', crasher, { message: 'Readiness probe failed: timeout', count: 2 }),
    ])
    expect(findings).toHaveLength(1)
    expect(findings[0]?.evidence).toMatchObject({ count: 6, message: 'Readiness probe failed: 503' })
    expect(findings[0]?.title).toContain('×6')
  })

  it('keeps different reasons, and different objects, apart', () => {
    const other = { kind: 'Pod', name: 'other', namespace: 'shop' }
    const findings = run([event('Unhealthy', crasher), event('BackOff', crasher), event('Unhealthy', other)])
    expect(ids(findings).sort()).toEqual([
      'k8s-warning-events:shop/crasher:BackOff',
      'k8s-warning-events:shop/crasher:Unhealthy',
      'k8s-warning-events:shop/other:Unhealthy',
    ])
  })

  it.each([
    { top: 2, expected: ['shop/c:BackOff', 'shop/a:FailedMount'] },
    { top: 20, expected: ['shop/c:BackOff', 'shop/a:FailedMount', 'shop/b:Unhealthy'] },
  ])('reports the $top most frequent groups, most frequent first', ({ top, expected }) => {
    const findings = run(
      [
        event('Unhealthy', { kind: 'Pod', name: 'b', namespace: 'shop' }, { count: 2 }),
        event('FailedMount', { kind: 'Pod', name: 'a', namespace: 'shop' }, { count: 5 }),
        event('BackOff', { kind: 'Pod', name: 'c', namespace: 'shop' }, { count: 30 }),
      ],
      { top },
    )
    expect(ids(findings)).toEqual(expected.map((e) => `k8s-warning-events:${e}`))
  })
})

describe('k8s-warning-events does not flag (next to a Warning it does)', () => {
  it.each([
    {
      state: 'a Normal event (Pulled)',
      e: event('Pulled', crasher, { type: 'Normal', message: 'Successfully pulled' }),
    },
    {
      state: 'a Normal event with a serious-sounding reason',
      e: event('BackOff', { kind: 'Pod', name: 'web', namespace: 'shop' }, { type: 'Normal' }),
    },
  ])('$state', ({ e }) => {
    const control = event('FailedMount', { kind: 'Pod', name: 'db-0', namespace: 'shop' })
    expect(ids(run([e, control]))).toEqual(['k8s-warning-events:shop/db-0:FailedMount'])
  })

  it('reports nothing when there are no events', () => {
    expect(run([])).toEqual([])
  })
})

describe('k8s-warning-events when events could not be listed', () => {
  it('says so (info)', () => {
    const findings = analysis.run({ events: undefined })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['k8s-warning-events:cluster:not-seen:events', 'info']])
  })
})

describe('k8s-warning-events: events.k8s.io/v1 series', () => {
  // Once missed: an event recorded through events.k8s.io/v1 (the scheduler's FailedScheduling, for one) keeps its
  // repetitions in series.count, and its core/v1 `count` is omitted; it was counted once however often it recurred.
  it('counts an event by its series.count when it has no count', () => {
    const e = event('FailedScheduling', crasher, {
      count: undefined,
      source: undefined,
      reportingComponent: 'default-scheduler',
      eventTime: when,
      series: { count: 40, lastObservedTime: when },
    })
    const f = only(run([e]), 'k8s-warning-events:shop/crasher:FailedScheduling')
    expect(f.evidence.count).toBe(40)
  })
})

describe('k8s-warning-events: what a person reads', () => {
  it('the title gives the reason, the count, the object and the newest message', () => {
    const findings = run([
      event('BackOff', crasher, { message: 'Back-off restarting failed container api', count: 25 }),
      event('Evicted', { kind: 'Node', name: 'node-a' }, { message: undefined }),
    ])
    expect(findings.map((f) => f.title)).toEqual([
      'BackOff ×25 on Pod shop/crasher: Back-off restarting failed container api',
      'Evicted ×1 on Node node-a:',
    ])
    for (const f of findings) expect(f.recommendation).toMatch(/object named/)
  })

  it('an event with no type is counted as a Warning', () => {
    expect(ids(run([event('FailedMount', crasher, { type: undefined })]))).toEqual([
      'k8s-warning-events:shop/crasher:FailedMount',
    ])
  })

  it('the same reason on same-named objects in other namespaces is kept apart', () => {
    const findings = run([
      event('Unhealthy', crasher, { count: 2 }),
      event('Unhealthy', { ...crasher, namespace: 'staging' }, { count: 3 }),
    ])
    expect(findings.map((f) => [f.id, f.evidence.count])).toEqual([
      ['k8s-warning-events:staging/crasher:Unhealthy', 3],
      ['k8s-warning-events:shop/crasher:Unhealthy', 2],
    ])
  })

  it('groups of equal count keep the order they were first seen in', () => {
    const findings = run([
      event('Unhealthy', { kind: 'Pod', name: 'b', namespace: 'shop' }),
      event('Unhealthy', { kind: 'Pod', name: 'a', namespace: 'shop' }),
    ])
    expect(ids(findings)).toEqual(['k8s-warning-events:shop/b:Unhealthy', 'k8s-warning-events:shop/a:Unhealthy'])
  })

  it('reports 20 groups by default, the most frequent', () => {
    const events = Array.from({ length: 21 }, (_, i) =>
      event('Unhealthy', { kind: 'Pod', name: `p${i}`, namespace: 'shop' }, { count: i + 1 }),
    )
    const findings = run(events)
    expect(findings).toHaveLength(20)
    expect(findings[0]?.id).toBe('k8s-warning-events:shop/p20:Unhealthy')
    expect(findings.map((f) => f.id)).not.toContain('k8s-warning-events:shop/p0:Unhealthy')
  })

  it.each([0, -1, 1.5])('refuses top %j', (top) => {
    expect(() => run([], { top })).toThrow(/invalid with/)
  })

  it('an event with no involved object or source is still reported', () => {
    const f = run([event('Failed', crasher, { involvedObject: undefined as never, source: undefined })])
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ id: 'k8s-warning-events::Failed', severity: 'low' })
    expect(f[0]?.resource).toStrictEqual({ provider: 'kubernetes', type: 'object', id: '' })
    expect(f[0]?.evidence).toEqual({ reason: 'Failed', count: 1, message: 'Failed happened', source: undefined })
  })
})

describe('k8s-warning-events: counts and keys', () => {
  it('an event with neither a count nor a series counts once', () => {
    const f = run([event('FailedMount', crasher, { count: undefined, series: undefined })])
    expect(f.map((x) => x.evidence.count)).toEqual([1])
  })

  it('a cluster-scoped object is one group whether its namespace is empty or absent', () => {
    const f = run([
      event('NodeNotReady', { kind: 'Node', name: 'node-a', namespace: '' }),
      event('NodeNotReady', { kind: 'Node', name: 'node-a' }),
    ])
    expect(f.map((x) => [x.id, x.evidence.count])).toEqual([['k8s-warning-events:node-a:NodeNotReady', 2]])
  })
})
