// Pods stuck in Pending and what the scheduler said about them.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node'
import { podKey, podResource } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-pending',
  description: 'Pending pods: unschedulable ones (high) with the scheduler message, others (medium).',
  inputs: [
    { name: 'pods', from: ['k8s.pods.list'] },
    { name: 'events', from: ['k8s.events.list'], optional: true },
  ],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.pods) return [blindSpot('k8s-pending', 'pods (the list step failed)', 'kubernetes')]
    const events = itemsOf<CoreV1Event>(inputs.events)
    const findings: Finding[] = []
    for (const p of itemsOf<V1Pod>(inputs.pods)) {
      if (p.status?.phase !== 'Pending') continue
      const scheduled = p.status.conditions?.find((c) => c.type === 'PodScheduled')
      const unschedulable = scheduled?.status === 'False' && scheduled.reason === 'Unschedulable'
      const related = events.filter(
        (e) => e.involvedObject?.name === p.metadata?.name && e.involvedObject?.namespace === p.metadata?.namespace,
      )
      const message = scheduled?.message ?? related[0]?.message
      findings.push({
        id: `k8s-pending:${podKey(p)}`,
        severity: unschedulable ? 'high' : 'medium',
        title: `${podKey(p)} is Pending${unschedulable ? ' (unschedulable)' : ''}${message ? `: ${message}` : ''}`,
        resource: podResource(p),
        evidence: {
          reason: scheduled?.reason,
          message,
          since: p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp).toISOString() : undefined,
          events: related.slice(0, 5).map((e) => ({ reason: e.reason, message: e.message, count: e.count })),
        },
        recommendation: unschedulable
          ? 'Read the scheduler message: free or add capacity, or relax node selectors, affinity, taints or requests.'
          : 'Check image pulls and volume mounts in its events (`kubectl describe pod`).',
      })
    }
    return findings
  },
}
export default analyzer
