// Shared by k8s-cpu-pressure and k8s-memory-pressure: requests against allocatable per node, usage against
// allocatable and against limits when metrics exist, pods without limits, and top consumers.
import type { V1Node, V1Pod } from '@kubernetes/client-node'
import type { NodeUsage } from '../actions/k8s/metrics-node-usage.js'
import type { PodUsage } from '../actions/k8s/metrics-pod-usage.js'
import type { ActionOutput } from '../actions/types.js'
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
import type { Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

type Inputs = Record<string, ActionOutput | undefined>

const topConsumers = 5

export function resourcePressure(analyzer: string, r: Resource, inputs: Inputs, threshold: number): Finding[] {
  const findings: Finding[] = []
  if (!inputs.nodes || !inputs.pods) {
    return [blindSpot(analyzer, `nodes and pods (a list step failed)`, 'kubernetes')]
  }
  const nodes = itemsOf<V1Node>(inputs.nodes)
  const pods = itemsOf<V1Pod>(inputs.pods).filter(isActive)
  const nodeUsage = new Map(itemsOf<NodeUsage>(inputs.node_usage).map((u) => [u.name, u]))
  const usageField = r === 'cpu' ? 'cpu_millicores' : 'memory_bytes'
  const label = r === 'cpu' ? 'CPU' : 'memory'

  for (const n of nodes) {
    const name = n.metadata?.name ?? ''
    const alloc = allocatable(n, r)
    if (!alloc) continue
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
    const used = nodeUsage.get(name)?.[usageField]
    if (used !== undefined) {
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
    }
  }

  const podUsage = new Map(itemsOf<PodUsage>(inputs.pod_usage).map((u) => [`${u.namespace}/${u.name}`, u]))
  const totals: { pod: V1Pod; used: number }[] = []
  for (const p of pods) {
    const usage = podUsage.get(podKey(p))
    const unlimited = (p.spec?.containers ?? []).filter((c) => containerValue(c, 'limits', r) === undefined)
    if (unlimited.length) {
      findings.push({
        id: `${analyzer}:${podKey(p)}:no-limit`,
        severity: 'low',
        title: `Pod ${podKey(p)} has containers without a ${label} limit: ${unlimited.map((c) => c.name).join(', ')}`,
        resource: podResource(p),
        evidence: { containers: unlimited.map((c) => c.name), node: p.spec?.nodeName },
        recommendation: `Set resources.limits.${r} (and requests) so one pod cannot starve its neighbours.`,
      })
    }
    if (!usage) continue
    totals.push({ pod: p, used: usage.containers.reduce((s, c) => s + (c[usageField] ?? 0), 0) })
    for (const c of usage.containers) {
      const spec = p.spec?.containers?.find((x) => x.name === c.name)
      const limit = spec ? containerValue(spec, 'limits', r) : undefined
      const used = c[usageField]
      if (!limit || used === undefined) continue
      const pct = Math.round((used / limit) * 100)
      if (pct >= threshold) {
        findings.push({
          id: `${analyzer}:${podKey(p)}:${c.name}:near-limit`,
          severity: 'medium',
          title: `Container ${c.name} in ${podKey(p)} uses ${pct}% of its ${label} limit${r === 'cpu' ? ' (throttling likely)' : ' (OOM kill risk)'}`,
          resource: podResource(p),
          evidence: { container: c.name, used: formatValue(r, used), limit: formatValue(r, limit), percent: pct },
          recommendation: `Raise its ${label} limit, or find why it needs more.`,
        })
      }
    }
  }
  totals.sort((a, b) => b.used - a.used || podKey(a.pod).localeCompare(podKey(b.pod)))
  for (const [rank, t] of totals.slice(0, topConsumers).entries()) {
    findings.push({
      id: `${analyzer}:${podKey(t.pod)}:top`,
      severity: 'info',
      title: `Top ${label} consumer #${rank + 1}: ${podKey(t.pod)} uses ${formatValue(r, t.used)}`,
      resource: podResource(t.pod),
      evidence: { used: formatValue(r, t.used), node: t.pod.spec?.nodeName, rank: rank + 1 },
      recommendation: 'Informational.',
    })
  }
  const notes = [...(inputs.node_usage?.notes ?? []), ...(inputs.pod_usage?.notes ?? [])]
  if (!inputs.node_usage || !inputs.pod_usage || notes.length) {
    findings.push({
      id: `${analyzer}:cluster:no-metrics`,
      severity: 'info',
      title: `Live ${label} usage not available: judged on requests and limits only`,
      resource: { provider: 'kubernetes', type: 'kubernetes_cluster', id: 'cluster' },
      evidence: { notes: [...new Set(notes)] },
      recommendation: 'Install metrics-server (metrics.k8s.io) for usage figures, top consumers and throttling risk.',
    })
  }
  return findings
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
