// Containers that cannot run, in every kind a pod has (init, app, ephemeral): crash loops, images that cannot be
// pulled, specs that cannot be started, OOM kills, and restarts; why they last died and what they last said.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node'
import type { PreviousLog } from '../actions/k8s/pods-previous-logs.js'
import { oneLine } from './k8s-object-pods.js'
import { containerConfigReasons, imagePullReasons, podKey, podResource } from './k8s-util.js'
import type { AnalyzerDefinition, Finding, Severity } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const logLines = 10

/** What is wrong with one container, if anything: severity, the words after its name, and what to do. */
function problemOf(s: V1ContainerStatus, threshold: number) {
  const waiting = s.state?.waiting
  const last = s.lastState?.terminated
  const exit = last ? `, last exit ${[last.reason, `(${last.exitCode})`].filter(Boolean).join(' ')}` : ''
  const oom = last?.reason === 'OOMKilled'
  const memory = 'It runs out of memory: raise the memory limit or fix the leak.'
  if (waiting?.reason === 'CrashLoopBackOff') {
    const advice = oom
      ? memory
      : 'Read the previous log tail and the exit code; check config, secrets mounts and probes it depends on.'
    return { severity: 'high', words: `CrashLoopBackOff, ${s.restartCount} restarts${exit}`, advice } as const
  }
  if (waiting?.reason && imagePullReasons.has(waiting.reason)) {
    const advice = 'Check the image name and tag, and that its registry credentials (imagePullSecrets) work.'
    return { severity: 'high', words: `${waiting.reason}: ${oneLine(waiting.message)}`, advice } as const
  }
  if (waiting?.reason && containerConfigReasons.has(waiting.reason)) {
    const advice = 'A ConfigMap, Secret or key it needs is missing, or its command cannot start: fix the reference.'
    return { severity: 'high', words: `${waiting.reason}: ${oneLine(waiting.message)}`, advice } as const
  }
  if (oom) return { severity: 'high', words: `OOMKilled, ${s.restartCount} restarts`, advice: memory } as const
  if (s.restartCount >= threshold) {
    const advice = 'Read the previous log tail and the exit code: it keeps restarting.'
    return { severity: 'medium', words: `restarting, ${s.restartCount} restarts${exit}`, advice } as const
  }
  // A restart or two that ended in an error: worth a look, not yet a pattern.
  if (last && last.exitCode !== 0 && s.restartCount > 0) {
    const advice = 'Read the previous log tail; if it happens again it will show as restarting.'
    return { severity: 'low', words: `restarted ${s.restartCount} time(s)${exit}`, advice } as const
  }
  return undefined
}

const analyzer: AnalyzerDefinition<{ restart_threshold?: number }> = {
  id: 'k8s-crashloop',
  description:
    'Containers (init, app and ephemeral) in CrashLoopBackOff, failing to pull their image, failing to start from their spec, or OOMKilled (high); restarts at or above a threshold (medium); a restart that ended in an error (low); with the last log lines.',
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
      // Init containers matter most: while one fails, the pod never starts.
      const statuses = [
        ...(p.status?.initContainerStatuses ?? []),
        ...(p.status?.containerStatuses ?? []),
        ...(p.status?.ephemeralContainerStatuses ?? []),
      ]
      for (const s of statuses) {
        const problem = problemOf(s, threshold)
        if (!problem) continue
        const last = s.lastState?.terminated
        const log = logs.get(`${podKey(p)}/${s.name}`)
        findings.push({
          id: `k8s-crashloop:${podKey(p)}:${s.name}`,
          severity: problem.severity satisfies Severity,
          title: `${podKey(p)} container ${s.name}: ${problem.words}`,
          resource: podResource(p),
          evidence: {
            container: s.name,
            restarts: s.restartCount,
            waiting_reason: s.state?.waiting?.reason,
            waiting_message: s.state?.waiting?.message ? oneLine(s.state.waiting.message, 300) : undefined,
            last_exit_reason: last?.reason,
            last_exit_code: last?.exitCode,
            last_finished_at: last?.finishedAt ? new Date(last.finishedAt).toISOString() : undefined,
            previous_log_tail: log ? log.lines.slice(-logLines) : undefined,
          },
          recommendation: problem.advice,
        })
      }
    }
    return findings
  },
}
export default analyzer
