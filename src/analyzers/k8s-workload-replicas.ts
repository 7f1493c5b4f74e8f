// StatefulSets and DaemonSets short of ready pods, and DaemonSet pods on nodes they should not run on.
import type { V1DaemonSet, V1StatefulSet } from '@kubernetes/client-node'
import { oneLine } from './k8s-object-pods.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const id = 'k8s-workload-replicas'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id,
  description:
    'StatefulSets and DaemonSets with no pod ready (high) or fewer ready than desired (medium), and DaemonSet pods running on nodes they should not run on (low).',
  inputs: [
    { name: 'statefulsets', from: ['k8s.statefulsets.list'], optional: true },
    { name: 'daemonsets', from: ['k8s.daemonsets.list'], optional: true },
  ],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.statefulsets && !inputs.daemonsets) {
      return [blindSpot(id, 'workloads (StatefulSets and DaemonSets: both list steps failed)', 'kubernetes')]
    }
    const findings: Finding[] = []
    if (!inputs.statefulsets) findings.push(blindSpot(id, 'statefulsets (the list step failed)', 'kubernetes'))
    if (!inputs.daemonsets) findings.push(blindSpot(id, 'daemonsets (the list step failed)', 'kubernetes'))
    for (const s of itemsOf<V1StatefulSet>(inputs.statefulsets)) findings.push(...statefulSetFindings(s))
    for (const d of itemsOf<V1DaemonSet>(inputs.daemonsets)) findings.push(...daemonSetFindings(d))
    return findings
  },
}
export default analyzer

const keyOf = (o: V1StatefulSet | V1DaemonSet) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`

function resource(o: V1StatefulSet | V1DaemonSet, type: 'statefulset' | 'daemonset'): Finding['resource'] {
  return { provider: 'kubernetes', type, id: keyOf(o), namespace: o.metadata?.namespace ?? '' }
}

function statefulSetFindings(s: V1StatefulSet): Finding[] {
  const desired = s.spec?.replicas ?? 1
  const ready = s.status?.readyReplicas ?? 0
  // Scaled to 0, it is never short.
  if (ready >= desired) return []
  const currentRevision = s.status?.currentRevision
  const updateRevision = s.status?.updateRevision
  const rollingOut = Boolean(currentRevision && updateRevision && currentRevision !== updateRevision)
  return [
    {
      id: `${id}:statefulset:${keyOf(s)}`,
      severity: ready === 0 ? 'high' : 'medium',
      title: `StatefulSet ${oneLine(keyOf(s))}: ${ready} of ${desired} ready${rollingOut ? ', rollout in progress' : ''}`,
      resource: resource(s, 'statefulset'),
      evidence: {
        desired,
        ready,
        current: s.status?.currentReplicas ?? 0,
        updated: s.status?.updatedReplicas ?? 0,
        current_revision: currentRevision,
        update_revision: updateRevision,
        rolling_out: rollingOut,
      },
      recommendation: rollingOut
        ? 'A rollout is under way or stuck: pods are replaced one at a time, in order, so one new pod that never becomes ready holds the rest. See that pod (`kubectl describe pod`); roll back if the new revision is at fault.'
        : 'See why its pods are not ready (`kubectl describe pod`, events): a Pending pod often waits on its volume claim or on capacity.',
    },
  ]
}

function daemonSetFindings(d: V1DaemonSet): Finding[] {
  const findings: Finding[] = []
  const desired = d.status?.desiredNumberScheduled ?? 0
  const ready = d.status?.numberReady ?? 0
  const misscheduled = d.status?.numberMisscheduled ?? 0
  if (ready < desired) {
    findings.push({
      id: `${id}:daemonset:${keyOf(d)}`,
      severity: ready === 0 ? 'high' : 'medium',
      title: `DaemonSet ${oneLine(keyOf(d))}: ${ready} of ${desired} ready`,
      resource: resource(d, 'daemonset'),
      evidence: {
        desired,
        ready,
        current: d.status?.currentNumberScheduled ?? 0,
        available: d.status?.numberAvailable ?? 0,
        unavailable: d.status?.numberUnavailable ?? 0,
        updated: d.status?.updatedNumberScheduled ?? 0,
        misscheduled,
      },
      recommendation:
        'See why its pods are not ready on those nodes (`kubectl get pods -o wide`, `kubectl describe pod`): image pulls, probes, node resources.',
    })
  }
  if (misscheduled > 0) {
    findings.push({
      id: `${id}:daemonset:${keyOf(d)}:misscheduled`,
      severity: 'low',
      title: `DaemonSet ${oneLine(keyOf(d))}: ${misscheduled} pod(s) on nodes they should not run on`,
      resource: resource(d, 'daemonset'),
      evidence: { misscheduled, desired },
      recommendation:
        'Its node selector, affinity or tolerations no longer match those nodes: check recent node label and taint changes, and remove the pods if the controller does not.',
    })
  }
  return findings
}
