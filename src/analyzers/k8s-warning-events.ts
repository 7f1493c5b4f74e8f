// Recent Warning events, grouped by reason and object, most frequent first.
import type { CoreV1Event } from '@kubernetes/client-node'
import { objectResourceType } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

// Reasons that usually mean something is broken now, not noise.
const serious = new Set([
  'BackOff',
  'Evicted',
  'FailedCreate',
  'FailedMount',
  'FailedScheduling',
  'NodeNotReady',
  'OOMKilling',
  'Unhealthy',
  'FailedAttachVolume',
])

const analyzer: AnalyzerDefinition<{ top?: number }> = {
  id: 'k8s-warning-events',
  description: 'Warning events grouped by reason and object; serious reasons medium, the rest low.',
  inputs: [{ name: 'events', from: ['k8s.events.list'] }],
  with: { type: 'object', additionalProperties: false, properties: { top: { type: 'integer', minimum: 1 } } },
  analyze(inputs, o) {
    if (!inputs.events) return [blindSpot('k8s-warning-events', 'events (the list step failed)', 'kubernetes')]
    const groups = new Map<string, { e: CoreV1Event; count: number }>()
    for (const e of itemsOf<CoreV1Event>(inputs.events)) {
      if (e.type && e.type !== 'Warning') continue
      const obj = e.involvedObject
      const key = `${e.reason}|${obj?.kind}|${obj?.namespace ?? ''}|${obj?.name}`
      const g = groups.get(key)
      // Events arrive newest first: the first one seen keeps the latest message.
      // events.k8s.io/v1 events (the scheduler's, among others) keep their repeats in series.count.
      const n = e.count ?? e.series?.count ?? 1
      if (g) g.count += n
      else groups.set(key, { e, count: n })
    }
    return [...groups.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, o.top ?? 20)
      .map(({ e, count }): Finding => {
        const obj = e.involvedObject
        const id = obj?.namespace ? `${obj.namespace}/${obj.name}` : (obj?.name ?? '')
        return {
          id: `k8s-warning-events:${id}:${e.reason}`,
          severity: serious.has(e.reason ?? '') ? 'medium' : 'low',
          title: `${e.reason} ×${count} on ${obj?.kind} ${id}: ${e.message ?? ''}`.trim(),
          resource: {
            provider: 'kubernetes',
            type: objectResourceType(obj?.kind),
            id,
            ...(obj?.namespace ? { namespace: obj.namespace } : {}),
          },
          evidence: {
            reason: e.reason,
            count,
            message: e.message,
            source: e.source?.component ?? e.reportingComponent,
          },
          recommendation: 'Look at the object named: the reason says which part (scheduling, probes, mounts) to check.',
        }
      })
  },
}
export default analyzer
