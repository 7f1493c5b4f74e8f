// Memory: MemoryPressure on nodes, OOMKilled containers, requests/usage near allocatable or limits.
import type { V1Node, V1Pod } from '@kubernetes/client-node'
import { pressureInputs, resourcePressure, thresholdOption } from './k8s-resource-pressure.js'
import { condition, nodeResource, podKey, podResource } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<{ threshold_percent?: number }> = {
  id: 'k8s-memory-pressure',
  description: 'MemoryPressure, OOMKilled containers, memory requested or used near capacity, pods without limits.',
  inputs: pressureInputs,
  with: thresholdOption,
  analyze(inputs, o) {
    const findings: Finding[] = []
    for (const n of itemsOf<V1Node>(inputs.nodes)) {
      const c = condition(n, 'MemoryPressure')
      if (c?.status !== 'True') continue
      const name = n.metadata?.name ?? ''
      findings.push({
        id: `k8s-memory-pressure:${name}:condition`,
        severity: 'critical',
        title: `Node ${name} reports MemoryPressure: the kubelet is evicting pods`,
        resource: nodeResource(name),
        evidence: { reason: c.reason, message: c.message },
        recommendation: 'Move or shrink memory-heavy pods, or add memory; check evictions in warning events.',
      })
    }
    for (const p of itemsOf<V1Pod>(inputs.pods)) {
      // Stryker disable next-line ArrayDeclaration: a stand-in element is a string, with no state: not an OOM kill
      for (const s of p.status?.containerStatuses ?? []) {
        const t = s.state?.terminated?.reason === 'OOMKilled' ? s.state.terminated : s.lastState?.terminated
        if (t?.reason !== 'OOMKilled') continue
        const limit = p.spec?.containers?.find((c) => c.name === s.name)?.resources?.limits?.memory
        findings.push({
          id: `k8s-memory-pressure:${podKey(p)}:${s.name}:oomkilled`,
          severity: 'high',
          title: `Container ${s.name} in ${podKey(p)} was OOMKilled (restarts: ${s.restartCount})`,
          resource: podResource(p),
          evidence: {
            container: s.name,
            exit_code: t.exitCode,
            finished_at: t.finishedAt ? new Date(t.finishedAt).toISOString() : undefined,
            restarts: s.restartCount,
            memory_limit: limit ?? null,
          },
          recommendation: 'Raise its memory limit to its real peak, or fix the leak; see the previous log.',
        })
      }
    }
    return [...findings, ...resourcePressure('k8s-memory-pressure', 'memory', inputs, o.threshold_percent ?? 80)]
  },
}
export default analyzer
