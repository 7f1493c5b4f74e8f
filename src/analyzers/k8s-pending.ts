// Pods stuck in Pending and what the scheduler said about them.
import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node'
import { oneLine } from './k8s-object-pods.js'
import { podKey, podResource } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

/** Waiting reasons of a normal start; any other is why a placed pod stays Pending. */
const starting = new Set(['ContainerCreating', 'PodInitializing'])

/** What a placed pod waits on: its first init container that is stuck, else an app container that is. */
function causeOf(p: V1Pod): string | undefined {
  const stuck = (s: V1ContainerStatus) => s.state?.waiting?.reason && !starting.has(s.state.waiting.reason)
  const describe = (what: string, s: V1ContainerStatus) => {
    const w = s.state?.waiting
    const message = w?.message ? `: ${oneLine(w.message)}` : ''
    return `${what} ${s.name} is ${w?.reason}${w?.reason === 'CrashLoopBackOff' ? ` (${s.restartCount} restarts)` : message}`
  }
  const init = p.status?.initContainerStatuses?.find(stuck)
  if (init) return describe('init container', init)
  const app = p.status?.containerStatuses?.find(stuck)
  return app ? describe('container', app) : undefined
}

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-pending',
  description:
    'Pending pods: unschedulable ones (high) with the scheduler message, placed ones waiting on a stuck init or app container (high) with which and why, others (medium).',
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
      const cause = unschedulable ? undefined : causeOf(p)
      const why = cause ?? (message ? oneLine(message) : undefined)
      findings.push({
        id: `k8s-pending:${podKey(p)}`,
        severity: unschedulable || cause ? 'high' : 'medium',
        title: `${podKey(p)} is Pending${unschedulable ? ' (unschedulable)' : ''}${why ? `: ${why}` : ''}`,
        resource: podResource(p),
        evidence: {
          reason: scheduled?.reason,
          message,
          cause,
          since: p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp).toISOString() : undefined,
          events: related.slice(0, 5).map((e) => ({ reason: e.reason, message: e.message, count: e.count })),
        },
        recommendation: unschedulable
          ? 'Read the scheduler message: free or add capacity, or relax node selectors, affinity, taints or requests.'
          : cause
            ? 'Fix the container it waits on: its logs (`kubectl logs -c NAME --previous`), image, or the config it needs.'
            : 'Check image pulls and volume mounts in its events (`kubectl describe pod`).',
      })
    }
    return findings
  },
}
export default analyzer
