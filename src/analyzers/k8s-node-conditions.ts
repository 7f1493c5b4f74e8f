// Node health: NotReady, pressure conditions, cordoned.
import type { V1Node } from '@kubernetes/client-node'
import { condition, nodeResource } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const pressures = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-node-conditions',
  description: 'NotReady nodes (critical), pressure conditions (high), cordoned nodes (medium).',
  inputs: [{ name: 'nodes', from: ['k8s.nodes.list'] }],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.nodes) return [blindSpot('k8s-node-conditions', 'nodes (the list step failed)', 'kubernetes')]
    const findings: Finding[] = []
    for (const n of itemsOf<V1Node>(inputs.nodes)) {
      const name = n.metadata?.name ?? ''
      const ready = condition(n, 'Ready')
      if (ready?.status !== 'True') {
        findings.push({
          id: `k8s-node-conditions:${name}:not-ready`,
          severity: 'critical',
          title: `Node ${name} is NotReady (${ready?.status ?? 'no Ready condition'}${ready?.reason ? `: ${ready.reason}` : ''})`,
          resource: nodeResource(name),
          evidence: {
            status: ready?.status ?? null,
            reason: ready?.reason,
            message: ready?.message,
            since: ready?.lastTransitionTime ? new Date(ready.lastTransitionTime).toISOString() : undefined,
          },
          recommendation:
            'Check the kubelet and container runtime on it, and its network; drain and replace if it stays down.',
        })
      }
      for (const type of pressures) {
        const c = condition(n, type)
        if (c?.status !== 'True') continue
        findings.push({
          id: `k8s-node-conditions:${name}:${type}`,
          severity: 'high',
          title: `Node ${name} reports ${type}`,
          resource: nodeResource(name),
          evidence: { reason: c.reason, message: c.message },
          recommendation: 'Free the resource (evict heavy pods, clean images/logs) or add capacity.',
        })
      }
      if (n.spec?.unschedulable) {
        findings.push({
          id: `k8s-node-conditions:${name}:cordoned`,
          severity: 'medium',
          title: `Node ${name} is cordoned (unschedulable)`,
          resource: nodeResource(name),
          evidence: { taints: (n.spec.taints ?? []).map((t) => `${t.key}:${t.effect}`) },
          recommendation: 'Uncordon it when maintenance is done, or replace it.',
        })
      }
    }
    return findings
  },
}
export default analyzer
