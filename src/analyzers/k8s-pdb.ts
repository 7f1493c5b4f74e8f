// PodDisruptionBudgets that allow no eviction now: node drains and upgrades wait on them.
import type { V1PodDisruptionBudget } from '@kubernetes/client-node'
import { oneLine } from './k8s-object-pods.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-pdb',
  description:
    'PodDisruptionBudgets that allow no eviction: with pods already unhealthy (medium), or with every pod healthy, so node drains and upgrades will block on them (low).',
  inputs: [{ name: 'pdbs', from: ['k8s.pdbs.list'] }],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.pdbs) return [blindSpot('k8s-pdb', 'pdbs (the list step failed)', 'kubernetes')]
    const findings: Finding[] = []
    for (const p of itemsOf<V1PodDisruptionBudget>(inputs.pdbs)) {
      const s = p.status
      const expected = s?.expectedPods ?? 0
      if (s?.disruptionsAllowed !== 0 || expected <= 0) continue
      const ns = p.metadata?.namespace ?? ''
      const key = `${ns}/${p.metadata?.name ?? ''}`
      const healthy = s.currentHealthy ?? 0
      const required = s.desiredHealthy ?? 0
      const degraded = healthy < required
      findings.push({
        id: `k8s-pdb:${key}`,
        severity: degraded ? 'medium' : 'low',
        title: `PodDisruptionBudget ${oneLine(key)}: allows no eviction, ${healthy} of ${required} required pods healthy${degraded ? '' : ', so node drains will block'}`,
        resource: { provider: 'kubernetes', type: 'poddisruptionbudget', id: key, namespace: ns },
        evidence: {
          min_available: p.spec?.minAvailable,
          max_unavailable: p.spec?.maxUnavailable,
          expected_pods: expected,
          current_healthy: healthy,
          desired_healthy: required,
          disruptions_allowed: 0,
        },
        recommendation: degraded
          ? 'Its pods are already short of what it requires, so the app is degraded and no eviction can happen: fix why they are not healthy (see the pod findings).'
          : 'Node drains and upgrades will wait on it: allow at least one disruption (minAvailable below the replica count, or maxUnavailable of 1 or more), or run more replicas.',
      })
    }
    return findings
  },
}
export default analyzer
