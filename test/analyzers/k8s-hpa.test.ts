// k8s-hpa, as the k8s-cluster-triage playbook runs it: hpas from k8s.hpas.list (autoscaling/v2 objects).
import type { V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerCondition } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out, when } from './support.js'

const analysis = await analysisOf('k8s-cluster-triage', 'k8s-hpa')
const run = (hpas: V2HorizontalPodAutoscaler[] | null) => analysis.run({ hpas: hpas ? out(hpas) : undefined })

type Cond = Partial<V2HorizontalPodAutoscalerCondition> & { type: string; status: string }
const cond = (type: string, status: string, reason?: string, message?: string): Cond => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
  lastTransitionTime: when,
})
const able = cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size')
const active = cond(
  'ScalingActive',
  'True',
  'ValidMetricFound',
  'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
)
const within = cond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range')
const healthy = [able, active, within]

interface Counts {
  min?: number
  max?: number
  current?: number
  desired?: number
}
const lastScale = new Date('2026-11-20T09:30:00Z')
function hpa(ns: string, name: string, counts: Counts, conditions: Cond[] | undefined): V2HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: ns, uid: `uid-${name}` },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      ...(counts.min === undefined ? {} : { minReplicas: counts.min }),
      maxReplicas: counts.max ?? 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    },
    status: {
      ...(counts.current === undefined ? {} : { currentReplicas: counts.current }),
      desiredReplicas: counts.desired ?? counts.current ?? 0,
      lastScaleTime: lastScale,
      ...(conditions ? { conditions: conditions as V2HorizontalPodAutoscalerCondition[] } : {}),
    },
  }
}

const metricsMissing =
  'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)'
const noRequests =
  'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod web-7d9-abcde'
const noTarget =
  'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "web" not found'
const counts = (min: number, max: number, current: number, desired: number) => ({
  target: 'Deployment/web',
  min_replicas: min,
  max_replicas: max,
  current_replicas: current,
  desired_replicas: desired,
  last_scale_time: lastScale.toISOString(),
})
const resource = { provider: 'kubernetes', type: 'horizontalpodautoscaler', id: 'shop/web', namespace: 'shop' }

describe('k8s-hpa flags', () => {
  it.each([
    {
      state: 'ScalingActive False, FailedGetResourceMetric (no metrics API) → high, cannot compute',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 2 }, [
        able,
        cond('ScalingActive', 'False', 'FailedGetResourceMetric', metricsMissing),
      ]),
      id: 'k8s-hpa:shop/web:cannot-compute',
      severity: 'high',
      title: `HorizontalPodAutoscaler shop/web: cannot compute a scale: FailedGetResourceMetric: ${metricsMissing.slice(0, 159)}…`,
      evidence: {
        ...counts(2, 10, 2, 2),
        condition: 'ScalingActive',
        reason: 'FailedGetResourceMetric',
        message: metricsMissing,
        since: when.toISOString(),
      },
      recommendation: /metrics-server/,
    },
    {
      state: 'ScalingActive False, pods with no CPU requests → high, the message in the title',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 3 }, [
        able,
        cond('ScalingActive', 'False', 'FailedGetResourceMetric', noRequests),
      ]),
      id: 'k8s-hpa:shop/web:cannot-compute',
      severity: 'high',
      title: `HorizontalPodAutoscaler shop/web: cannot compute a scale: FailedGetResourceMetric: ${noRequests}`,
      evidence: {
        ...counts(2, 10, 3, 3),
        condition: 'ScalingActive',
        reason: 'FailedGetResourceMetric',
        message: noRequests,
      },
      recommendation: /resource requests/,
    },
    {
      state: 'AbleToScale False, FailedGetScale (target missing) → high, cannot scale',
      h: hpa('shop', 'web', { min: 1, max: 5, current: 0, desired: 0 }, [
        cond('AbleToScale', 'False', 'FailedGetScale', noTarget),
      ]),
      id: 'k8s-hpa:shop/web:cannot-scale',
      severity: 'high',
      title: `HorizontalPodAutoscaler shop/web: cannot scale Deployment/web: FailedGetScale: ${noTarget}`,
      evidence: {
        ...counts(1, 5, 0, 0),
        condition: 'AbleToScale',
        reason: 'FailedGetScale',
        message: noTarget,
        since: when.toISOString(),
      },
      recommendation: /scaleTargetRef/,
    },
    {
      state: 'current and desired at the maximum → medium, at max',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 10, desired: 10 }, healthy),
      id: 'k8s-hpa:shop/web:at-max',
      severity: 'medium',
      title: 'HorizontalPodAutoscaler shop/web: at its maximum of 10 replicas',
      evidence: {
        ...counts(2, 10, 10, 10),
        condition: undefined,
        reason: undefined,
        message: undefined,
        since: undefined,
      },
      recommendation: /raise maxReplicas/,
    },
    {
      state: 'current above the maximum, desired at it → medium, at max',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 12, desired: 10 }, [able, active]),
      id: 'k8s-hpa:shop/web:at-max',
      severity: 'medium',
      title: 'HorizontalPodAutoscaler shop/web: at its maximum of 10 replicas',
      evidence: counts(2, 10, 12, 10),
      recommendation: /raise maxReplicas/,
    },
    {
      state: 'ScalingLimited True, TooManyReplicas, while still scaling up to it → medium, with the condition',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 8, desired: 10 }, [
        able,
        active,
        cond(
          'ScalingLimited',
          'True',
          'TooManyReplicas',
          'the desired replica count is more than the maximum replica count',
        ),
      ]),
      id: 'k8s-hpa:shop/web:at-max',
      severity: 'medium',
      title: 'HorizontalPodAutoscaler shop/web: at its maximum of 10 replicas',
      evidence: {
        ...counts(2, 10, 8, 10),
        condition: 'ScalingLimited',
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
        since: when.toISOString(),
      },
      recommendation: /raise maxReplicas/,
    },
    {
      state: 'no minReplicas (1 by default), no currentReplicas (0), TooManyReplicas → medium',
      h: hpa('shop', 'web', { max: 3, desired: 3 }, [cond('ScalingLimited', 'True', 'TooManyReplicas')]),
      id: 'k8s-hpa:shop/web:at-max',
      severity: 'medium',
      title: 'HorizontalPodAutoscaler shop/web: at its maximum of 3 replicas',
      evidence: { ...counts(1, 3, 0, 3), condition: 'ScalingLimited', reason: 'TooManyReplicas', message: undefined },
      recommendation: /raise maxReplicas/,
    },
  ])('$state', ({ h, id, severity, title, evidence, recommendation }) => {
    const findings = run([h])
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f).toMatchObject({ severity, title, resource })
    expect(f.evidence).toMatchObject(evidence)
    expect(Object.keys(f.evidence).sort()).toEqual(
      [
        'condition',
        'current_replicas',
        'desired_replicas',
        'last_scale_time',
        'max_replicas',
        'message',
        'min_replicas',
        'reason',
        'since',
        'target',
      ].sort(),
    )
    expect(f.recommendation).toMatch(recommendation)
  })

  it('one finding per problem: cannot compute, cannot scale and at its maximum together', () => {
    const h = hpa('shop', 'web', { min: 2, max: 4, current: 4, desired: 4 }, [
      cond('AbleToScale', 'False', 'FailedUpdateScale', 'the HPA controller was unable to update the target scale'),
      cond('ScalingActive', 'False', 'FailedGetExternalMetric', 'unable to get external metric queue_depth'),
      cond('ScalingLimited', 'True', 'TooManyReplicas', 'the desired replica count is more than the maximum'),
    ])
    expect(run([h]).map((f) => [f.id, f.severity])).toEqual([
      ['k8s-hpa:shop/web:cannot-compute', 'high'],
      ['k8s-hpa:shop/web:cannot-scale', 'high'],
      ['k8s-hpa:shop/web:at-max', 'medium'],
    ])
  })

  it.each([
    { state: 'no reason or message', c: cond('ScalingActive', 'False'), title: 'cannot compute a scale' },
    {
      state: 'a reason only',
      c: cond('ScalingActive', 'False', 'InvalidMetricSourceType'),
      title: 'cannot compute a scale: InvalidMetricSourceType',
    },
    {
      state: 'a message only',
      c: cond('ScalingActive', 'False', undefined, 'no metrics returned'),
      title: 'cannot compute a scale: no metrics returned',
    },
  ])('a condition with $state', ({ c, title }) => {
    const f = only(run([hpa('shop', 'web', { current: 2 }, [c])]), 'k8s-hpa:shop/web:cannot-compute')
    expect(f.title).toBe(`HorizontalPodAutoscaler shop/web: ${title}`)
  })

  it('cluster text in titles and evidence is one line and bounded', () => {
    const message = `failed\n\u001b[31mFAKE\u0000${'x'.repeat(600)}`
    const h = hpa('shop', 'web', { current: 2 }, [cond('ScalingActive', 'False', 'Bad\nReason', message)])
    const f = only(run([h]), 'k8s-hpa:shop/web:cannot-compute')
    expect(f.title).not.toMatch(/\p{Cc}/u)
    expect(
      f.title.startsWith('HorizontalPodAutoscaler shop/web: cannot compute a scale: Bad Reason: failed [31mFAKE x'),
    ).toBe(true)
    expect(f.title.length).toBeLessThan(400)
    expect(f.evidence.message).toMatch(/^failed \[31mFAKE x+…$/)
    expect((f.evidence.message as string).length).toBe(300)
  })

  it('times are ISO strings whether the objects carry dates or strings; a bad time is left out', () => {
    const h = hpa('shop', 'web', { current: 2 }, [
      {
        ...cond('ScalingActive', 'False', 'FailedGetResourceMetric'),
        lastTransitionTime: '2026-11-20T10:00:00Z' as never,
      },
    ])
    const fromStrings = {
      ...h,
      status: { ...h.status, lastScaleTime: 'not a time' as never },
    } as V2HorizontalPodAutoscaler
    const f = only(run([fromStrings]), 'k8s-hpa:shop/web:cannot-compute')
    expect(f.evidence).toMatchObject({ since: '2026-11-20T10:00:00.000Z', last_scale_time: undefined })
    const noTimes = hpa('shop', 'web', { current: 2 }, [{ type: 'ScalingActive', status: 'False' }])
    if (noTimes.status) noTimes.status.lastScaleTime = undefined
    expect(only(run([noTimes]), 'k8s-hpa:shop/web:cannot-compute').evidence).toMatchObject({
      since: undefined,
      last_scale_time: undefined,
    })
  })
})

describe('k8s-hpa does not flag (next to one it does)', () => {
  const control = hpa('shop', 'control', { current: 2 }, [cond('AbleToScale', 'False', 'FailedGetScale')])
  it.each([
    {
      state: 'a healthy autoscaler between its bounds',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 4 }, healthy),
    },
    {
      state: 'one scaling up, not yet at its maximum',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 9, desired: 10 }, healthy),
    },
    {
      state: 'one at its maximum, wanting fewer',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 10, desired: 8 }, healthy),
    },
    {
      state: 'one held at its minimum',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 2 }, [
        able,
        active,
        cond(
          'ScalingLimited',
          'True',
          'TooFewReplicas',
          'the desired replica count is less than the minimum replica count',
        ),
      ]),
    },
    {
      state: 'one pinned (minReplicas = maxReplicas) whose load wants fewer',
      h: hpa('shop', 'web', { min: 3, max: 3, current: 3 }, [
        able,
        active,
        cond(
          'ScalingLimited',
          'True',
          'TooFewReplicas',
          'the desired replica count is less than the minimum replica count',
        ),
      ]),
    },
    {
      state: 'one limited by its scale-up rate, not its maximum',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 4, desired: 8 }, [
        able,
        active,
        cond(
          'ScalingLimited',
          'True',
          'ScaleUpLimit',
          'the desired replica count is increasing faster than the maximum scale rate',
        ),
      ]),
    },
    {
      state: 'ScalingLimited False with reason TooManyReplicas (not in effect)',
      h: hpa('shop', 'web', { min: 2, max: 10, current: 4 }, [
        able,
        active,
        cond('ScalingLimited', 'False', 'TooManyReplicas'),
      ]),
    },
    {
      state: 'its target scaled to 0 on purpose (ScalingActive False, ScalingDisabled)',
      h: hpa('shop', 'web', { min: 1, max: 10, current: 0, desired: 0 }, [
        cond('AbleToScale', 'True', 'SucceededGetScale'),
        cond(
          'ScalingActive',
          'False',
          'ScalingDisabled',
          'scaling is disabled since the replica count of the target is zero',
        ),
      ]),
    },
    {
      state: 'conditions Unknown',
      h: hpa('shop', 'web', { current: 2 }, [cond('AbleToScale', 'Unknown'), cond('ScalingActive', 'Unknown')]),
    },
    { state: 'one with no conditions yet', h: hpa('shop', 'web', { current: 1 }, undefined) },
    {
      state: 'one with no spec or status',
      h: { metadata: { namespace: 'shop', name: 'web' } } as V2HorizontalPodAutoscaler,
    },
  ])('$state', ({ h }) => {
    expect(ids(run([control, h]))).toEqual(['k8s-hpa:shop/control:cannot-scale'])
  })

  it('an empty list', () => {
    expect(run([])).toEqual([])
  })
})

describe('k8s-hpa blind spot', () => {
  it('the list step failed → one blind spot', () => {
    expect(run(null)).toEqual([
      {
        id: 'k8s-hpa:cluster:not-seen:hpas',
        severity: 'info',
        title: 'Not checked: hpas (the list step failed)',
        resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
        evidence: {},
        recommendation: expect.any(String),
      },
    ])
  })

  it('objects with parts missing are read without failing', () => {
    const bare = { status: { conditions: [{ type: 'AbleToScale', status: 'False' }] } } as V2HorizontalPodAutoscaler
    const f = only(run([bare]), 'k8s-hpa:/:cannot-scale')
    expect(f).toMatchObject({
      title: 'HorizontalPodAutoscaler /: cannot scale /',
      resource: { provider: 'kubernetes', type: 'horizontalpodautoscaler', id: '/', namespace: '' },
      evidence: { target: '/', min_replicas: 1, max_replicas: undefined, current_replicas: 0, desired_replicas: 0 },
    })
  })

  it('held at a maximum it does not spell out (no spec): the desired count stands for it', () => {
    const noSpec = {
      metadata: { namespace: 'shop', name: 'web' },
      status: {
        desiredReplicas: 5,
        conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' }],
      },
    } as V2HorizontalPodAutoscaler
    expect(only(run([noSpec]), 'k8s-hpa:shop/web:at-max').title).toBe(
      'HorizontalPodAutoscaler shop/web: at its maximum of 5 replicas',
    )
  })
})
