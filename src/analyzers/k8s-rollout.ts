// Deployments whose rollout is stuck or short of available replicas, and why.
import type { CoreV1Event, V1Deployment, V1ReplicaSet } from '@kubernetes/client-node'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-rollout',
  description:
    'Rollouts past their progress deadline or failing to create replicas (high), unavailable replicas (medium).',
  inputs: [
    { name: 'deployments', from: ['k8s.deployments.list'] },
    { name: 'replicasets', from: ['k8s.replicasets.list'], optional: true },
    { name: 'events', from: ['k8s.events.list'], optional: true },
  ],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.deployments) return [blindSpot('k8s-rollout', 'deployments (the list step failed)', 'kubernetes')]
    const replicasets = itemsOf<V1ReplicaSet>(inputs.replicasets)
    const events = itemsOf<CoreV1Event>(inputs.events)
    const findings: Finding[] = []
    for (const d of itemsOf<V1Deployment>(inputs.deployments)) {
      const ns = d.metadata?.namespace ?? ''
      const name = d.metadata?.name ?? ''
      // Stryker disable next-line ArrayDeclaration: a stand-in element is a string, with no type: no condition found, as with none
      const conditions = d.status?.conditions ?? []
      const progressing = conditions.find((c) => c.type === 'Progressing')
      const failure = conditions.find((c) => c.type === 'ReplicaFailure' && c.status === 'True')
      const desired = d.spec?.replicas ?? 1
      const unavailable = d.status?.unavailableReplicas ?? Math.max(0, desired - (d.status?.availableReplicas ?? 0))
      const stuck = progressing?.status === 'False' || progressing?.reason === 'ProgressDeadlineExceeded'
      if (!stuck && !failure && unavailable === 0) continue
      const owned = replicasets.filter((rs) => rs.metadata?.namespace === ns && ownedBy(rs, d))
      const newest = owned.sort((a, b) => revision(b) - revision(a))[0]
      const related = events.filter(
        (e) =>
          e.involvedObject?.namespace === ns &&
          // Stryker disable next-line OptionalChaining: the line above found involvedObject; newest was owned, so it has metadata
          (e.involvedObject?.name === name || (newest && e.involvedObject?.name === newest.metadata?.name)),
      )
      const why = failure?.message ?? progressing?.message ?? related[0]?.message
      findings.push({
        id: `k8s-rollout:${ns}/${name}`,
        severity: stuck || failure ? 'high' : 'medium',
        title: `Deployment ${ns}/${name}: ${stuck ? 'rollout stuck' : failure ? 'replicas failing to be created' : `${unavailable} of ${desired} replicas unavailable`}${why ? ` — ${why}` : ''}`,
        resource: { provider: 'kubernetes', type: 'deployment', id: `${ns}/${name}`, namespace: ns },
        evidence: {
          desired,
          ready: d.status?.readyReplicas ?? 0,
          updated: d.status?.updatedReplicas ?? 0,
          unavailable,
          progressing: progressing ? { status: progressing.status, reason: progressing.reason } : undefined,
          newest_replicaset: newest
            ? { name: newest.metadata?.name, ready: newest.status?.readyReplicas ?? 0, desired: newest.spec?.replicas }
            : undefined,
          events: related.slice(0, 5).map((e) => ({ reason: e.reason, message: e.message })),
        },
        recommendation:
          'Check the new pods (image, probes, quota) named in the events; roll back if the release is bad.',
      })
    }
    return findings
  },
}
export default analyzer

function revision(rs: V1ReplicaSet): number {
  return Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0)
}

/** The deployment's own replica sets: by owner reference, or (where none is set) by its selector's labels. */
function ownedBy(rs: V1ReplicaSet, d: V1Deployment): boolean {
  // Stryker disable next-line OptionalChaining: only replica sets in the deployment's namespace are asked, so with metadata
  const owners = rs.metadata?.ownerReferences ?? []
  if (owners.length) return owners.some((o) => o.kind === 'Deployment' && o.uid === d.metadata?.uid)
  const wanted = Object.entries(d.spec?.selector?.matchLabels ?? {})
  // Stryker disable next-line OptionalChaining: only replica sets in the deployment's namespace are asked, so with metadata
  const labels = rs.metadata?.labels ?? {}
  return wanted.length > 0 && wanted.every(([k, v]) => labels[k] === v)
}
