// What is wrong with the pods of one diagnosed object: container states and reasons, last terminations, scheduling,
// readiness. Pure. Each finding's id starts with the object's key, so the verdict (the bare key) sorts first.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node'
import type { PreviousLog } from '../actions/k8s/pods-previous-logs.js'
import {
  containerConfigReasons as configReasons,
  podKey,
  podResource,
  imagePullReasons as pullReasons,
} from './k8s-util.js'
import type { Finding, Severity } from './types.js'

/** Waiting reasons that are only a moment of a normal start. */
const startingReasons = new Set(['ContainerCreating', 'PodInitializing'])

/** How each pod stands, counted for the verdict. */
export interface PodTally {
  total: number
  ready: number
  crashLooping: number
  exitCodes: number[]
  pending: number
  schedulingMessage?: string
  imagePull: number
  configError: number
  configMessage?: string
  oomKilled: number
  lastLogLine?: string
}

/** Text from the cluster, safe to put in one line of a title: no control characters, bounded. */
export function oneLine(text: string | undefined, max = 160): string {
  const flat = (text ?? '').replace(/\p{Cc}+/gu, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export function podFindings(key: string, pods: V1Pod[], logs: PreviousLog[], threshold: number) {
  const tally: PodTally = {
    total: 0,
    ready: 0,
    crashLooping: 0,
    exitCodes: [],
    pending: 0,
    imagePull: 0,
    configError: 0,
    oomKilled: 0,
  }
  const findings: Finding[] = []
  const logOf = new Map(logs.map((l) => [`${l.namespace}/${l.pod}/${l.container}`, l]))
  for (const pod of pods) {
    if (pod.status?.phase === 'Succeeded') continue
    tally.total++
    if (isReady(pod)) tally.ready++
    findings.push(...scheduling(key, pod, tally))
    // Stryker disable next-line ArrayDeclaration: a stand-in element is a string, with no state or restarts: no finding
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]
    for (const s of statuses) findings.push(...containerFindings(key, pod, s, { tally, logOf, threshold }))
    if (pod.status?.phase === 'Failed') findings.push(failedPod(key, pod))
  }
  return { findings, tally }
}

const isReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

function scheduling(key: string, pod: V1Pod, tally: PodTally): Finding[] {
  if (pod.status?.phase !== 'Pending') return []
  const unscheduled = pod.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')
  // A pending pod that is placed waits on its containers: their findings say why.
  if (!unscheduled) return []
  tally.pending++
  tally.schedulingMessage ??= oneLine(unscheduled.message)
  return [
    finding(key, pod, 'unscheduled', 'high', `${podKey(pod)} cannot be scheduled: ${oneLine(unscheduled.message)}`, {
      evidence: { reason: unscheduled.reason, message: oneLine(unscheduled.message, 500) },
      recommendation:
        'Read the scheduler message: free or add capacity, bind the claims it waits for, or relax its node selector, affinity or tolerations.',
    }),
  ]
}

interface ContainerScan {
  tally: PodTally
  logOf: Map<string, PreviousLog>
  threshold: number
}

function containerFindings(key: string, pod: V1Pod, s: V1ContainerStatus, scan: ContainerScan): Finding[] {
  const { tally } = scan
  const waiting = s.state?.waiting?.reason
  const last = s.lastState?.terminated
  const lines = scan.logOf
    .get(`${podKey(pod)}/${s.name}`)
    ?.lines.slice(-10)
    .map((l) => oneLine(l, 300))
  const evidence = {
    container: s.name,
    restarts: s.restartCount,
    waiting_reason: waiting,
    // Stryker disable next-line OptionalChaining: a waiting reason means state.waiting is there
    waiting_message: waiting ? oneLine(s.state?.waiting?.message, 300) : undefined,
    last_exit_reason: last?.reason,
    last_exit_code: last?.exitCode,
    previous_log_tail: lines?.length ? lines : undefined,
  }
  if (last?.reason === 'OOMKilled') tally.oomKilled++
  const where = `${podKey(pod)} container ${s.name}`
  if (waiting === 'CrashLoopBackOff') {
    tally.crashLooping++
    if (last?.exitCode !== undefined && !tally.exitCodes.includes(last.exitCode)) tally.exitCodes.push(last.exitCode)
    tally.lastLogLine ??= lines?.filter(Boolean).at(-1)
    const exit = last ? `, last exit ${last.reason ?? ''} (${last.exitCode})` : ''
    return [
      finding(
        key,
        pod,
        `${s.name}:crashloop`,
        'high',
        `${where}: CrashLoopBackOff, ${s.restartCount} restarts${exit}`,
        {
          evidence,
          recommendation:
            last?.reason === 'OOMKilled'
              ? 'It runs out of memory: raise its memory limit or fix the leak.'
              : 'Read the previous log tail and the exit code; check the config, Secrets and probes it depends on.',
        },
      ),
    ]
  }
  if (waiting && pullReasons.has(waiting)) {
    tally.imagePull++
    return [
      // Stryker disable next-line OptionalChaining: a waiting reason means state.waiting is there
      finding(key, pod, `${s.name}:image`, 'high', `${where}: ${waiting}: ${oneLine(s.state?.waiting?.message)}`, {
        evidence,
        recommendation: 'Check the image name and tag, and that the registry credentials (imagePullSecrets) work.',
      }),
    ]
  }
  if (waiting && configReasons.has(waiting)) {
    tally.configError++
    // Stryker disable next-line OptionalChaining: a waiting reason means state.waiting is there
    tally.configMessage ??= oneLine(s.state?.waiting?.message)
    return [
      // Stryker disable next-line OptionalChaining: a waiting reason means state.waiting is there
      finding(key, pod, `${s.name}:config`, 'high', `${where}: ${waiting}: ${oneLine(s.state?.waiting?.message)}`, {
        evidence,
        recommendation: 'A ConfigMap, Secret or key it needs is missing: create it, or fix the reference.',
      }),
    ]
  }
  return otherContainerState(key, pod, s, { where, evidence, threshold: scan.threshold })
}

function otherContainerState(
  key: string,
  pod: V1Pod,
  s: V1ContainerStatus,
  o: { where: string; evidence: Record<string, unknown>; threshold: number },
): Finding[] {
  const waiting = s.state?.waiting?.reason
  const last = s.lastState?.terminated
  if (waiting && !startingReasons.has(waiting)) {
    return [
      finding(key, pod, `${s.name}:waiting`, 'medium', `${o.where}: waiting, ${waiting}`, {
        evidence: o.evidence,
        recommendation: 'Read the waiting message and the events about the pod.',
      }),
    ]
  }
  if (last?.reason === 'OOMKilled' || s.restartCount >= o.threshold) {
    const why = last?.reason === 'OOMKilled' ? 'OOMKilled' : `exit ${last?.reason ?? ''} (${last?.exitCode ?? '?'})`
    return [
      finding(
        key,
        pod,
        `${s.name}:restarts`,
        last?.reason === 'OOMKilled' ? 'high' : 'medium',
        `${o.where}: ${s.restartCount} restarts, last ${why}`,
        {
          evidence: o.evidence,
          recommendation:
            last?.reason === 'OOMKilled'
              ? 'It runs out of memory: raise its memory limit or fix the leak.'
              : 'Read the previous log tail: it keeps restarting.',
        },
      ),
    ]
  }
  if (s.state?.running && !s.ready && pod.status?.phase === 'Running' && !isInit(pod, s)) {
    return [
      finding(key, pod, `${s.name}:not-ready`, 'medium', `${o.where}: running but not ready`, {
        evidence: o.evidence,
        recommendation: 'Its readiness probe fails: see the Unhealthy events and what the probe checks.',
      }),
    ]
  }
  return []
}

const isInit = (pod: V1Pod, s: V1ContainerStatus) => pod.status?.initContainerStatuses?.includes(s) ?? false

function failedPod(key: string, pod: V1Pod): Finding {
  return finding(
    key,
    pod,
    'failed',
    'medium',
    // Stryker disable next-line OptionalChaining: only a pod whose status says Failed gets here, so it has a status
    `${podKey(pod)} failed: ${oneLine(pod.status?.reason ?? pod.status?.message ?? 'see its containers')}`,
    {
      // Stryker disable next-line OptionalChaining: only a pod whose status says Failed gets here, so it has a status
      evidence: { phase: 'Failed', reason: pod.status?.reason, message: oneLine(pod.status?.message, 300) },
      recommendation: 'Read its containers’ exit codes and the events about it.',
    },
  )
}

function finding(
  key: string,
  pod: V1Pod,
  detail: string,
  severity: Severity,
  title: string,
  more: { evidence: Record<string, unknown>; recommendation: string },
): Finding {
  return {
    id: `k8s-diagnose:${key}:pod:${pod.metadata?.name ?? ''}:${detail}`,
    severity,
    title,
    resource: podResource(pod),
    ...more,
  }
}
