// Shared by k8s-cpu-pressure and k8s-memory-pressure: requests against allocatable per node, usage against
// allocatable and against limits when metrics exist, pods without limits, and top consumers.
import type { V1Node, V1Pod } from '@kubernetes/client-node'
import type { NodeUsage } from '../actions/k8s/metrics-node-usage.js'
import type { PodUsage } from '../actions/k8s/metrics-pod-usage.js'
import {
  allocatable,
  containerValue,
  formatValue,
  isActive,
  nodeResource,
  podKey,
  podRequest,
  podResource,
  type Resource,
} from './k8s-util.js'
import type { AnalyzerInputs, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const topConsumers = 5

/** One analyzer's view of one resource: what it is called, where usage keeps it, and when it is "near". */
interface Pressure {
  analyzer: string
  r: Resource
  label: string
  usageField: 'cpu_millicores' | 'memory_bytes'
  threshold: number
}

export function resourcePressure(analyzer: string, r: Resource, inputs: AnalyzerInputs, threshold: number): Finding[] {
  if (!inputs.nodes || !inputs.pods) {
    return [blindSpot(analyzer, `nodes and pods (a list step failed)`, 'kubernetes')]
  }
  const usageField = r === 'cpu' ? 'cpu_millicores' : 'memory_bytes'
  const pr: Pressure = { analyzer, r, label: r === 'cpu' ? 'CPU' : 'memory', usageField, threshold }
  const pods = itemsOf<V1Pod>(inputs.pods).filter(isActive)
  const nodeUsage = new Map(itemsOf<NodeUsage>(inputs.node_usage).map((u) => [u.name, u]))
  const podUsage = new Map(itemsOf<PodUsage>(inputs.pod_usage).map((u) => [`${u.namespace}/${u.name}`, u]))
  return [
    ...itemsOf<V1Node>(inputs.nodes).flatMap((n) => nodePressure(pr, n, pods, nodeUsage.get(n.metadata?.name ?? ''))),
    ...pods.flatMap((p) => podLimits(pr, p, podUsage.get(podKey(p)))),
    ...topConsumerFindings(pr, pods, podUsage),
    ...metricsMissing(pr, inputs),
  ]
}

/** A node whose pods request, or whose processes use, at least `threshold`% of its allocatable. */
function nodePressure(pr: Pressure, n: V1Node, pods: V1Pod[], usage: NodeUsage | undefined): Finding[] {
  const { analyzer, r, label, threshold } = pr
  const name = n.metadata?.name ?? ''
  const alloc = allocatable(n, r)
  if (!alloc) return []
  const findings: Finding[] = []
  const requested = pods.filter((p) => p.spec?.nodeName === name).reduce((s, p) => s + podRequest(p, r), 0)
  const reqPct = Math.round((requested / alloc) * 100)
  if (reqPct >= threshold) {
    findings.push({
      id: `${analyzer}:${name}:requests`,
      severity: reqPct >= 100 ? 'critical' : 'high',
      title: `Node ${name}: ${reqPct}% of allocatable ${label} is requested`,
      resource: nodeResource(name),
      evidence: { requested: formatValue(r, requested), allocatable: formatValue(r, alloc), percent: reqPct },
      recommendation: `Add nodes or capacity, or lower the ${label} requests of the largest pods on it.`,
    })
  }
  const used = usage?.[pr.usageField]
  if (used === undefined) return findings
  const usePct = Math.round((used / alloc) * 100)
  if (usePct >= threshold) {
    findings.push({
      id: `${analyzer}:${name}:usage`,
      severity: usePct >= 95 ? 'critical' : 'high',
      title: `Node ${name} is using ${usePct}% of its allocatable ${label}`,
      resource: nodeResource(name),
      evidence: { used: formatValue(r, used), allocatable: formatValue(r, alloc), percent: usePct },
      recommendation: `Find the top ${label} consumers on it (below) and spread or scale them.`,
    })
  }
  return findings
}

/** A pod's containers without a limit, then (with metrics) those using at least `threshold`% of theirs. */
function podLimits(pr: Pressure, p: V1Pod, usage: PodUsage | undefined): Finding[] {
  const { analyzer, r, label, threshold } = pr
  const findings: Finding[] = []
  const unlimited = (p.spec?.containers ?? []).filter((c) => containerValue(c, 'limits', r) === undefined)
  if (unlimited.length) {
    findings.push({
      id: `${analyzer}:${podKey(p)}:no-limit`,
      severity: 'low',
      title: `Pod ${podKey(p)} has containers without a ${label} limit: ${unlimited.map((c) => c.name).join(', ')}`,
      resource: podResource(p),
      // Stryker disable next-line OptionalChaining: containers without a limit come from a spec, so there is one
      evidence: { containers: unlimited.map((c) => c.name), node: p.spec?.nodeName },
      recommendation: `Set resources.limits.${r} (and requests) so one pod cannot starve its neighbours.`,
    })
  }
  // Stryker disable next-line ArrayDeclaration: a stand-in element is a string, with no usage figure: skipped like none
  for (const c of usage?.containers ?? []) {
    const spec = p.spec?.containers?.find((x) => x.name === c.name)
    const limit = spec ? containerValue(spec, 'limits', r) : undefined
    const used = c[pr.usageField]
    if (!limit || used === undefined) continue
    const pct = Math.round((used / limit) * 100)
    if (pct < threshold) continue
    findings.push({
      id: `${analyzer}:${podKey(p)}:${c.name}:near-limit`,
      severity: 'medium',
      title: `Container ${c.name} in ${podKey(p)} uses ${pct}% of its ${label} limit${r === 'cpu' ? ' (throttling likely)' : ' (OOM kill risk)'}`,
      resource: podResource(p),
      evidence: { container: c.name, used: formatValue(r, used), limit: formatValue(r, limit), percent: pct },
      recommendation: `Raise its ${label} limit, or find why it needs more.`,
    })
  }
  return findings
}

/** The pods using the most, by the sum of their containers' usage (info). */
function topConsumerFindings(pr: Pressure, pods: V1Pod[], podUsage: Map<string, PodUsage>): Finding[] {
  const totals = pods.flatMap((pod) => {
    const usage = podUsage.get(podKey(pod))
    return usage ? [{ pod, used: usage.containers.reduce((s, c) => s + (c[pr.usageField] ?? 0), 0) }] : []
  })
  totals.sort((a, b) => b.used - a.used || podKey(a.pod).localeCompare(podKey(b.pod)))
  return totals.slice(0, topConsumers).map((t, rank) => ({
    id: `${pr.analyzer}:${podKey(t.pod)}:top`,
    severity: 'info',
    title: `Top ${pr.label} consumer #${rank + 1}: ${podKey(t.pod)} uses ${formatValue(pr.r, t.used)}`,
    resource: podResource(t.pod),
    evidence: { used: formatValue(pr.r, t.used), node: t.pod.spec?.nodeName, rank: rank + 1 },
    recommendation: 'Informational.',
  }))
}

/** Says so when live usage could not be read, so "no usage findings" is not mistaken for low usage. */
function metricsMissing(pr: Pressure, inputs: AnalyzerInputs): Finding[] {
  const notes = [...(inputs.node_usage?.notes ?? []), ...(inputs.pod_usage?.notes ?? [])]
  if (inputs.node_usage && inputs.pod_usage && !notes.length) return []
  return [
    {
      id: `${pr.analyzer}:cluster:no-metrics`,
      severity: 'info',
      title: `Live ${pr.label} usage not available: judged on requests and limits only`,
      resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
      evidence: { notes: [...new Set(notes)] },
      recommendation: 'Install metrics-server (metrics.k8s.io) for usage figures, top consumers and throttling risk.',
    },
  ]
}

export const thresholdOption = {
  type: 'object',
  additionalProperties: false,
  properties: { threshold_percent: { type: 'integer', minimum: 1, maximum: 100 } },
}

export const pressureInputs = [
  { name: 'nodes', from: ['k8s.nodes.list'] },
  { name: 'pods', from: ['k8s.pods.list'] },
  { name: 'node_usage', from: ['k8s.metrics.node_usage'], optional: true },
  { name: 'pod_usage', from: ['k8s.metrics.pod_usage'], optional: true },
]
