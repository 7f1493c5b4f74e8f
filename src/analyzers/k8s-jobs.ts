// Failed Jobs, and CronJobs whose last run failed. A CronJob's Jobs are judged as its runs: the newest one says how
// the CronJob stands, the older ones are history.
import type { V1CronJob, V1Job, V1JobCondition } from '@kubernetes/client-node'
import { oneLine } from './k8s-object-pods.js'
import { isoTime } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-jobs',
  description:
    'CronJobs whose last run failed (high) and other failed Jobs (medium), leaving out suspended CronJobs and runs a later success made good.',
  inputs: [
    { name: 'jobs', from: ['k8s.jobs.list'] },
    { name: 'cronjobs', from: ['k8s.cronjobs.list'], optional: true },
  ],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.jobs) return [blindSpot('k8s-jobs', 'jobs (the list step failed)', 'kubernetes')]
    const jobs = itemsOf<V1Job>(inputs.jobs)
    const cronjobs = new Map(itemsOf<V1CronJob>(inputs.cronjobs).map((c) => [keyOf(c), c]))
    const runs = new Map<string, V1Job[]>()
    for (const j of jobs) {
      const owner = cronJobOf(j)
      if (owner) runs.set(owner, [...(runs.get(owner) ?? []), j])
    }
    const findings: Finding[] = []
    /** CronJobs whose failed Jobs are not reported one by one. */
    const settled = new Set<string>()
    for (const [key, owned] of runs) {
      const cj = cronjobs.get(key)
      // Suspended on purpose: its past runs are not a problem to report.
      if (cj?.spec?.suspend === true) {
        settled.add(key)
        continue
      }
      const last = newest(owned)
      const failure = failed(last)
      if (failure) findings.push(lastRunFailed(key, cj, last, failure, owned))
      // Its last run failed (reported above, once, for the CronJob) or succeeded (the failures before it are history,
      // not reported). A last run still going decides nothing: earlier failed runs are then reported as Jobs.
      if (failure || completed(last)) settled.add(key)
    }
    for (const j of jobs) {
      const failure = failed(j)
      const owner = cronJobOf(j)
      if (failure && !(owner && settled.has(owner))) findings.push(jobFailed(j, failure, owner))
    }
    return findings
  },
}
export default analyzer

const keyOf = (o: V1Job | V1CronJob) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`

/** `namespace/name` of the CronJob that owns the Job, if one does. */
function cronJobOf(j: V1Job): string | undefined {
  const ref = j.metadata?.ownerReferences?.find((o) => o.kind === 'CronJob')
  return ref ? `${j.metadata?.namespace ?? ''}/${ref.name}` : undefined
}

const isTrue = (j: V1Job, type: string): V1JobCondition | undefined =>
  j.status?.conditions?.find((c) => c.type === type && c.status === 'True')
const failed = (j: V1Job) => isTrue(j, 'Failed')
const completed = (j: V1Job) => isTrue(j, 'Complete')

/** When a run started: its start time, else (not started yet) when it was created; unknown sorts first. */
function startOf(j: V1Job): number {
  const t = new Date(j.status?.startTime ?? j.metadata?.creationTimestamp ?? Number.NaN).getTime()
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}

/** The latest run; at the same time, the greater name (a CronJob names its Jobs after their scheduled time). */
function newest(owned: V1Job[]): V1Job {
  return owned.reduce((a, b) => {
    const order = startOf(b) - startOf(a) || (b.metadata?.name ?? '').localeCompare(a.metadata?.name ?? '')
    return order > 0 ? b : a
  })
}

function runEvidence(j: V1Job, failure: V1JobCondition) {
  return {
    reason: failure.reason,
    message: oneLine(failure.message, 500),
    failed: j.status?.failed ?? 0,
    succeeded: j.status?.succeeded ?? 0,
    started: isoTime(j.status?.startTime),
    failed_at: isoTime(failure.lastTransitionTime),
  }
}

const why = (failure: V1JobCondition) =>
  [failure.reason ? oneLine(failure.reason, 60) : undefined, failure.message ? oneLine(failure.message) : undefined]
    .filter(Boolean)
    .join(': ')

function advice(ns: string, job: string, failure: V1JobCondition): string {
  const logs = `\`kubectl logs -n ${ns} job/${job}\``
  if (failure.reason === 'BackoffLimitExceeded')
    return `Its pods failed as many times as its backoffLimit allows: read why in the last pod’s logs (${logs}) and exit code, fix the cause, then run it again.`
  if (failure.reason === 'DeadlineExceeded')
    return `It ran past its activeDeadlineSeconds and was stopped: find what it waited on (${logs}), or raise the deadline if the work is simply longer.`
  return `Read its pods’ logs (${logs}) and events (\`kubectl describe job -n ${ns} ${job}\`) for why it failed.`
}

function jobFailed(j: V1Job, failure: V1JobCondition, owner: string | undefined): Finding {
  const ns = j.metadata?.namespace ?? ''
  const key = keyOf(j)
  const reason = why(failure)
  return {
    id: `k8s-jobs:${key}`,
    severity: 'medium',
    title: `Job ${key} failed${reason ? ` (${reason})` : ''}`,
    resource: { provider: 'kubernetes', type: 'job', id: key, namespace: ns },
    evidence: { ...runEvidence(j, failure), cronjob: owner },
    recommendation: advice(ns, j.metadata?.name ?? '', failure),
  }
}

function lastRunFailed(
  key: string,
  cj: V1CronJob | undefined,
  last: V1Job,
  failure: V1JobCondition,
  owned: V1Job[],
): Finding {
  const ns = last.metadata?.namespace ?? ''
  const reason = why(failure)
  return {
    id: `k8s-jobs:${key}:last-run-failed`,
    severity: 'high',
    title: `CronJob ${key}: its last run${last.metadata?.name ? ` ${last.metadata.name}` : ''} failed${reason ? ` (${reason})` : ''}`,
    resource: { provider: 'kubernetes', type: 'cronjob', id: key, namespace: ns },
    evidence: {
      job: last.metadata?.name,
      ...runEvidence(last, failure),
      schedule: cj?.spec?.schedule,
      last_successful: isoTime(cj?.status?.lastSuccessfulTime),
      failed_runs: owned.filter((j) => failed(j)).length,
      runs: owned.length,
    },
    recommendation: `${advice(ns, last.metadata?.name ?? '', failure)} Until the cause is fixed, each scheduled run may fail the same way.`,
  }
}
