// HorizontalPodAutoscalers (autoscaling/v2) that cannot compute a scale, cannot scale their target, or are held at
// their maximum, read from their status conditions and replica counts.
import type { V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerCondition } from '@kubernetes/client-node'
import { oneLine } from './k8s-object-pods.js'
import type { AnalyzerDefinition, Finding, Severity } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-hpa',
  description:
    'HorizontalPodAutoscalers that cannot compute a scale, e.g. with no metrics (high), or cannot scale their target (high), and ones at their maximum replicas (medium).',
  inputs: [{ name: 'hpas', from: ['k8s.hpas.list'] }],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.hpas) return [blindSpot('k8s-hpa', 'hpas (the list step failed)', 'kubernetes')]
    return itemsOf<V2HorizontalPodAutoscaler>(inputs.hpas).flatMap(hpaFindings)
  },
}
export default analyzer

type Condition = V2HorizontalPodAutoscalerCondition

/** One thing wrong with an autoscaler: the id suffix, how bad, what the title says after its name, and why. */
interface Problem {
  detail: 'cannot-compute' | 'cannot-scale' | 'at-max'
  severity: Severity
  says: string
  condition: Condition | undefined
  recommendation: string
}

function hpaFindings(h: V2HorizontalPodAutoscaler): Finding[] {
  const ns = h.metadata?.namespace ?? ''
  const key = `${ns}/${h.metadata?.name ?? ''}`
  const ref = h.spec?.scaleTargetRef
  const counts = {
    target: `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
    min_replicas: h.spec?.minReplicas ?? 1,
    max_replicas: h.spec?.maxReplicas,
    current_replicas: h.status?.currentReplicas ?? 0,
    desired_replicas: h.status?.desiredReplicas ?? 0,
    last_scale_time: iso(h.status?.lastScaleTime),
  }
  return problems(h, counts.target).map((p) => ({
    id: `k8s-hpa:${key}:${p.detail}`,
    severity: p.severity,
    title: `HorizontalPodAutoscaler ${oneLine(key)}: ${p.says}`,
    resource: { provider: 'kubernetes', type: 'horizontalpodautoscaler', id: key, namespace: ns },
    evidence: {
      ...counts,
      condition: p.condition?.type,
      reason: p.condition?.reason,
      message: p.condition?.message === undefined ? undefined : oneLine(p.condition.message, 300),
      since: iso(p.condition?.lastTransitionTime),
    },
    recommendation: p.recommendation,
  }))
}

function problems(h: V2HorizontalPodAutoscaler, target: string): Problem[] {
  const found: Problem[] = []
  const active = conditionOf(h, 'ScalingActive')
  // ScalingDisabled: its target is scaled to 0 on purpose, which turns autoscaling off; nothing is wrong.
  if (active?.status === 'False' && active.reason !== 'ScalingDisabled') {
    found.push({
      detail: 'cannot-compute',
      severity: 'high',
      says: `cannot compute a scale${why(active)}`,
      condition: active,
      recommendation:
        'Check the metrics it reads: is metrics-server (or the custom or external metrics adapter) installed and serving (`kubectl top pods`), and do the target’s containers set the resource requests a utilization target needs?',
    })
  }
  const able = conditionOf(h, 'AbleToScale')
  if (able?.status === 'False') {
    found.push({
      detail: 'cannot-scale',
      severity: 'high',
      says: `cannot scale ${oneLine(target)}${why(able)}`,
      condition: able,
      recommendation:
        'Check that its scaleTargetRef names an object that exists and has a scale subresource, and that the controller may read and update its scale.',
    })
  }
  const limited = conditionOf(h, 'ScalingLimited')
  const limitedBy = limited?.status === 'True' ? limited.reason : undefined
  const max = h.spec?.maxReplicas
  const current = h.status?.currentReplicas ?? 0
  const desired = h.status?.desiredReplicas ?? 0
  // At the maximum by the counts, unless the minimum holds it there (minReplicas = maxReplicas, little load).
  const atMaxByCounts = max !== undefined && current >= max && desired >= max && limitedBy !== 'TooFewReplicas'
  if (limitedBy === 'TooManyReplicas' || atMaxByCounts) {
    found.push({
      detail: 'at-max',
      severity: 'medium',
      says: `at its maximum of ${max ?? desired} replicas`,
      condition: limitedBy ? limited : undefined,
      recommendation:
        'The load wants more replicas than it may have: raise maxReplicas if the cluster has room, or make each pod handle more; meanwhile watch the target’s latency and errors.',
    })
  }
  return found
}

function conditionOf(h: V2HorizontalPodAutoscaler, type: string): Condition | undefined {
  return h.status?.conditions?.find((c) => c.type === type)
}

/** `: <reason>: <message>`, each part one line, the parts there are. */
function why(c: Condition): string {
  return [c.reason, c.message]
    .filter((s) => s)
    .map((s) => `: ${oneLine(s)}`)
    .join('')
}

function iso(t: Date | string | undefined): string | undefined {
  if (!t) return undefined
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}
