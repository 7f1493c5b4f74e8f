// Containers in CrashLoopBackOff or restarting often: why they last died and what they last said.
import type { V1Pod } from '@kubernetes/client-node'
import type { PreviousLog } from '../actions/k8s/pods-previous-logs.js'
import { podKey, podResource } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const logLines = 10

const analyzer: AnalyzerDefinition<{ restart_threshold?: number }> = {
  id: 'k8s-crashloop',
  description: 'CrashLoopBackOff (high) and restart counts at or above a threshold (medium), with the last log lines.',
  inputs: [
    { name: 'pods', from: ['k8s.pods.list'] },
    { name: 'logs', from: ['k8s.pods.previous_logs'], optional: true },
  ],
  with: {
    type: 'object',
    additionalProperties: false,
    properties: { restart_threshold: { type: 'integer', minimum: 1 } },
  },
  analyze(inputs, o) {
    if (!inputs.pods) return [blindSpot('k8s-crashloop', 'pods (the list step failed)', 'kubernetes')]
    const threshold = o.restart_threshold ?? 5
    const logs = new Map(itemsOf<PreviousLog>(inputs.logs).map((l) => [`${l.namespace}/${l.pod}/${l.container}`, l]))
    const findings: Finding[] = []
    for (const p of itemsOf<V1Pod>(inputs.pods)) {
      // Init containers crash-loop too ("Init:CrashLoopBackOff"): the pod never starts, so they matter most.
      for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
        const crashLoop = s.state?.waiting?.reason === 'CrashLoopBackOff'
        if (!crashLoop && s.restartCount < threshold) continue
        const last = s.lastState?.terminated
        const log = logs.get(`${podKey(p)}/${s.name}`)
        findings.push({
          id: `k8s-crashloop:${podKey(p)}:${s.name}`,
          severity: crashLoop ? 'high' : 'medium',
          title: `${podKey(p)} container ${s.name}: ${crashLoop ? 'CrashLoopBackOff' : 'restarting'}, ${s.restartCount} restarts${last?.reason ? `, last exit ${last.reason} (${last.exitCode})` : ''}`,
          resource: podResource(p),
          evidence: {
            container: s.name,
            restarts: s.restartCount,
            waiting_reason: s.state?.waiting?.reason,
            last_exit_reason: last?.reason,
            last_exit_code: last?.exitCode,
            last_finished_at: last?.finishedAt ? new Date(last.finishedAt).toISOString() : undefined,
            previous_log_tail: log ? log.lines.slice(-logLines) : undefined,
          },
          recommendation:
            last?.reason === 'OOMKilled'
              ? 'It runs out of memory: raise the memory limit or fix the leak.'
              : 'Read the previous log tail and the exit code; check config, secrets mounts and probes it depends on.',
        })
      }
    }
    return findings
  },
}
export default analyzer
