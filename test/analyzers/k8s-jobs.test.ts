// k8s-jobs, as the k8s-cluster-triage playbook runs it: jobs from k8s.jobs.list, cronjobs from k8s.cronjobs.list
// (optional), no options.
import type { V1CronJob, V1Job, V1JobCondition } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out, when } from './support.js'

const analysis = await analysisOf('k8s-cluster-triage', 'k8s-jobs')
const run = (jobs: V1Job[], cronjobs: V1CronJob[] | null = []) =>
  analysis.run({ jobs: out(jobs), cronjobs: cronjobs ? out(cronjobs) : undefined })

const at = (minutes: number) => new Date(when.getTime() + minutes * 60_000)
const backoff = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }
const deadline = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }

interface JobSpec {
  /** How it ended: a Failed condition (with this reason and message), Complete, or still running. */
  state?: 'running' | 'complete' | { reason?: string; message?: string }
  /** The CronJob (in the same namespace) that owns it. */
  owner?: string
  /** Minutes after `when` it started; null: not started (no startTime). */
  start?: number | null
  created?: number
  failed?: number
  succeeded?: number
}

function job(ns: string, name: string, j: JobSpec = {}): V1Job {
  const state = j.state ?? 'complete'
  const start = j.start === undefined ? 0 : j.start
  const condition = (type: string, extra: Partial<V1JobCondition> = {}): V1JobCondition => ({
    type,
    status: 'True',
    lastProbeTime: at((start ?? 0) + 5),
    lastTransitionTime: at((start ?? 0) + 5),
    ...extra,
  })
  const conditions =
    state === 'running'
      ? []
      : state === 'complete'
        ? [condition('SuccessCriteriaMet'), condition('Complete')]
        : [condition('FailureTarget', state), condition('Failed', state)]
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${ns}-${name}`,
      creationTimestamp: at(j.created ?? start ?? 0),
      ...(j.owner
        ? {
            ownerReferences: [
              { apiVersion: 'batch/v1', kind: 'CronJob', name: j.owner, uid: `uid-${ns}-${j.owner}`, controller: true },
            ],
          }
        : {}),
    },
    spec: { backoffLimit: 6, template: { spec: { containers: [{ name: 'task', image: 'registry.example/task:1' }] } } },
    status: {
      ...(start === null ? {} : { startTime: at(start) }),
      ...(state === 'running' ? { active: 1 } : {}),
      ...(j.failed !== undefined ? { failed: j.failed } : {}),
      ...(j.succeeded !== undefined ? { succeeded: j.succeeded } : {}),
      conditions,
    },
  }
}

function cronjob(ns: string, name: string, suspend = false, schedule = '0 * * * *'): V1CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: ns, uid: `uid-${ns}-${name}` },
    spec: { schedule, suspend, jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
    status: { lastScheduleTime: at(60), lastSuccessfulTime: at(-60) },
  }
}

const backup = cronjob('shop', 'backup')
const run1 = (state: JobSpec['state'], start: number, extra: JobSpec = {}) =>
  job('shop', `backup-${29000000 + start}`, { owner: 'backup', state, start, ...extra })

describe('k8s-jobs flags a failed Job (medium)', () => {
  it.each([
    {
      state: 'BackoffLimitExceeded, with its counts, reason and message',
      j: job('shop', 'migrate', { state: backoff, failed: 6, succeeded: 0 }),
      title: 'Job shop/migrate failed (BackoffLimitExceeded: Job has reached the specified backoff limit)',
      evidence: {
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        failed: 6,
        succeeded: 0,
        started: when.toISOString(),
        failed_at: at(5).toISOString(),
        cronjob: undefined,
      },
      advice: /backoffLimit.*kubectl logs -n shop job\/migrate/,
    },
    {
      state: 'DeadlineExceeded',
      j: job('shop', 'migrate', { state: deadline, failed: 1, succeeded: 2 }),
      title: 'Job shop/migrate failed (DeadlineExceeded: Job was active longer than specified deadline)',
      evidence: { reason: 'DeadlineExceeded', failed: 1, succeeded: 2 },
      advice: /activeDeadlineSeconds/,
    },
    {
      state: 'another reason',
      j: job('shop', 'migrate', { state: { reason: 'PodFailurePolicy', message: 'Container task exited with 42' } }),
      title: 'Job shop/migrate failed (PodFailurePolicy: Container task exited with 42)',
      evidence: { reason: 'PodFailurePolicy', failed: 0, succeeded: 0 },
      advice: /kubectl describe job -n shop migrate/,
    },
    {
      state: 'no reason nor message given',
      j: job('shop', 'migrate', { state: {} }),
      title: 'Job shop/migrate failed',
      evidence: { reason: undefined, message: '' },
      advice: /kubectl describe job/,
    },
    {
      state: 'a reason without a message',
      j: job('shop', 'migrate', { state: { reason: 'BackoffLimitExceeded' } }),
      title: 'Job shop/migrate failed (BackoffLimitExceeded)',
      evidence: { reason: 'BackoffLimitExceeded' },
      advice: /backoffLimit/,
    },
    {
      state: 'owned by something other than a CronJob: a Job of its own',
      j: {
        ...job('shop', 'migrate', { state: backoff }),
        metadata: {
          ...job('shop', 'migrate').metadata,
          ownerReferences: [{ apiVersion: 'argoproj.io/v1', kind: 'Workflow', name: 'backup', uid: 'u' }],
        },
      },
      title: 'Job shop/migrate failed (BackoffLimitExceeded: Job has reached the specified backoff limit)',
      evidence: { cronjob: undefined },
      advice: /backoffLimit/,
    },
  ])('$state', ({ j, title, evidence, advice }) => {
    const findings = run([job('shop', 'fine'), j])
    expect(ids(findings)).toEqual(['k8s-jobs:shop/migrate'])
    const f = only(findings, 'k8s-jobs:shop/migrate')
    expect(f).toMatchObject({ severity: 'medium', title })
    expect(f.resource).toStrictEqual({ provider: 'kubernetes', type: 'job', id: 'shop/migrate', namespace: 'shop' })
    expect(f.evidence).toMatchObject(evidence)
    expect(f.recommendation).toMatch(advice)
  })
})

describe('k8s-jobs flags a CronJob whose last run failed (high), once', () => {
  const id = 'k8s-jobs:shop/backup:last-run-failed'
  it.each([
    {
      state: 'its only run failed',
      jobs: [run1(backoff, 0, { failed: 6 })],
      cronjobs: [backup],
      evidence: {
        job: 'backup-29000000',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        failed: 6,
        succeeded: 0,
        started: when.toISOString(),
        failed_at: at(5).toISOString(),
        schedule: '0 * * * *',
        last_successful: at(-60).toISOString(),
        failed_runs: 1,
        runs: 1,
      },
    },
    {
      state: 'it failed after earlier runs succeeded',
      jobs: [run1('complete', 0), run1('complete', 60), run1(deadline, 120)],
      cronjobs: [backup],
      evidence: { job: 'backup-29000120', reason: 'DeadlineExceeded', failed_runs: 1, runs: 3 },
    },
    {
      state: 'it failed again: the earlier failure is not reported apart',
      jobs: [run1(backoff, 60), run1(backoff, 0)],
      cronjobs: [backup],
      evidence: { job: 'backup-29000060', failed_runs: 2, runs: 2 },
    },
    {
      state: 'the cronjobs step failed: still reported, without its schedule',
      jobs: [run1(backoff, 0)],
      cronjobs: null,
      evidence: { job: 'backup-29000000', schedule: undefined, last_successful: undefined },
    },
    {
      state: 'its CronJob is not listed (gone): still reported from the owner reference',
      jobs: [run1(backoff, 0)],
      cronjobs: [],
      evidence: { job: 'backup-29000000', schedule: undefined },
    },
    {
      state: 'a run not started yet has no start time: its creation time orders it (after a success)',
      jobs: [
        run1('complete', 0),
        job('shop', 'backup-b', { owner: 'backup', state: backoff, start: null, created: 60 }),
      ],
      cronjobs: [backup],
      evidence: { job: 'backup-b', started: undefined },
    },
    {
      state: 'the latest by start time wins over the list order and over the name',
      jobs: [
        job('shop', 'backup-z', { owner: 'backup', state: 'complete', start: 0 }),
        job('shop', 'backup-a', { owner: 'backup', state: backoff, start: 60 }),
      ],
      cronjobs: [backup],
      evidence: { job: 'backup-a' },
    },
    {
      state: 'ordered by when runs started, not when they were created',
      jobs: [
        job('shop', 'backup-a', { owner: 'backup', state: 'complete', start: 30, created: 30 }),
        job('shop', 'backup-b', { owner: 'backup', state: backoff, start: 60, created: 0 }),
      ],
      cronjobs: [backup],
      evidence: { job: 'backup-b' },
    },
    {
      state: 'started at the same time: the greater name is the later run',
      jobs: [
        job('shop', 'backup-29000000', { owner: 'backup', state: 'complete', start: 0 }),
        job('shop', 'backup-29000001', { owner: 'backup', state: backoff, start: 0 }),
        job('shop', 'backup-28999999', { owner: 'backup', state: 'complete', start: 0 }),
      ],
      cronjobs: [backup],
      evidence: { job: 'backup-29000001' },
    },
    {
      state: 'a run whose times cannot be read is older than any other',
      jobs: [
        run1(backoff, 0),
        {
          ...run1('complete', 60),
          metadata: { ...run1('complete', 60).metadata, name: 'backup-zzz', creationTimestamp: 'bad' as never },
          status: { ...run1('complete', 60).status, startTime: undefined },
        },
      ],
      cronjobs: [backup],
      evidence: { job: 'backup-29000000' },
    },
  ])('$state', ({ jobs, cronjobs, evidence }) => {
    const findings = run(jobs, cronjobs)
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe('high')
    expect(f.resource).toStrictEqual({ provider: 'kubernetes', type: 'cronjob', id: 'shop/backup', namespace: 'shop' })
    expect(f.evidence).toMatchObject(evidence)
  })

  it('says which run failed and why, and what to do', () => {
    const f = only(run([run1(backoff, 0)], [backup]), id)
    expect(f.title).toBe(
      'CronJob shop/backup: its last run backup-29000000 failed (BackoffLimitExceeded: Job has reached the specified backoff limit)',
    )
    expect(f.recommendation).toMatch(/backoffLimit.*job\/backup-29000000.*each scheduled run may fail/)
  })

  it('a CronJob is matched in the Job’s own namespace', () => {
    const findings = run(
      [job('staging', 'backup-1', { owner: 'backup', state: backoff }), run1('complete', 0)],
      [backup, cronjob('staging', 'backup', false, '@daily')],
    )
    expect(ids(findings)).toEqual(['k8s-jobs:staging/backup:last-run-failed'])
    expect(findings[0]?.evidence).toMatchObject({ schedule: '@daily', runs: 1 })
  })
})

describe('k8s-jobs: earlier runs of a CronJob', () => {
  it('its last run is still going: an earlier failed run is reported as a Job (medium), naming its CronJob', () => {
    const findings = run([run1(backoff, 0), run1('running', 60)], [backup])
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['k8s-jobs:shop/backup-29000000', 'medium']])
    expect(findings[0]?.evidence).toMatchObject({ cronjob: 'shop/backup', reason: 'BackoffLimitExceeded' })
  })

  it('CronJob findings come first, then Jobs, each in the order listed', () => {
    const nightly = cronjob('shop', 'nightly')
    const findings = run(
      [
        job('shop', 'one-off', { state: backoff }),
        job('shop', 'nightly-1', { owner: 'nightly', state: backoff }),
        run1(backoff, 0),
        job('shop', 'another', { state: deadline }),
      ],
      [backup, nightly],
    )
    expect(ids(findings)).toEqual([
      'k8s-jobs:shop/nightly:last-run-failed',
      'k8s-jobs:shop/backup:last-run-failed',
      'k8s-jobs:shop/one-off',
      'k8s-jobs:shop/another',
    ])
  })
})

describe('k8s-jobs does not flag (next to a failed Job it does)', () => {
  const control = job('ops', 'control', { state: backoff })
  it.each([
    { state: 'a completed Job', jobs: [job('shop', 'migrate', { state: 'complete', succeeded: 1 })] },
    { state: 'a running Job', jobs: [job('shop', 'migrate', { state: 'running' })] },
    {
      state: 'a Job whose Failed condition is not True',
      jobs: [
        {
          ...job('shop', 'migrate'),
          status: { conditions: [{ type: 'Failed', status: 'False', reason: 'BackoffLimitExceeded' }] },
        },
      ],
    },
    {
      state: 'a Job only marked to fail so far (FailureTarget, no Failed yet)',
      jobs: [
        {
          ...job('shop', 'migrate'),
          status: { conditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' }] },
        },
      ],
    },
    { state: 'a Job with no status yet', jobs: [{ ...job('shop', 'migrate'), status: undefined }] },
    { state: 'a CronJob whose runs all succeeded', jobs: [run1('complete', 0), run1('complete', 60)] },
    {
      state: 'failed runs of a CronJob whose last run succeeded (history)',
      jobs: [run1(backoff, 0), run1(deadline, 60), run1('complete', 120)],
    },
    {
      state: 'a suspended CronJob whose last run failed',
      jobs: [run1('complete', 0), run1(backoff, 60)],
      cronjobs: [cronjob('shop', 'backup', true)],
    },
    {
      state: 'a suspended CronJob whose last run is still going after a failed one',
      jobs: [run1(backoff, 0), run1('running', 60)],
      cronjobs: [cronjob('shop', 'backup', true)],
    },
    { state: 'a CronJob with no runs listed', jobs: [] },
  ])('$state', ({ jobs, cronjobs }) => {
    expect(ids(run([control, ...jobs], cronjobs ?? [backup]))).toEqual(['k8s-jobs:ops/control'])
  })
})

describe('k8s-jobs: cluster text and missing parts', () => {
  it('keeps the title to one bounded line; the evidence keeps more of the message', () => {
    const message = `line one\nline two ${'x'.repeat(600)}`
    const f = only(
      run([job('shop', 'migrate', { state: { reason: 'Bad\treason', message } })]),
      'k8s-jobs:shop/migrate',
    )
    expect(f.title).toBe(`Job shop/migrate failed (Bad reason: line one line two ${'x'.repeat(141)}…)`)
    expect(f.evidence.message).toBe(`line one line two ${'x'.repeat(481)}…`)
  })

  it('a Job with parts missing is read without failing', () => {
    const bare = { status: { conditions: [{ type: 'Failed', status: 'True' }] } } as V1Job
    const orphan = {
      metadata: { ownerReferences: [{ kind: 'CronJob', name: 'cj' }] },
      status: { conditions: [{ type: 'Failed', status: 'True' }] },
    } as V1Job
    const findings = run([bare, orphan], [{}])
    expect(findings.map((f) => [f.id, f.severity, f.title])).toEqual([
      ['k8s-jobs:/cj:last-run-failed', 'high', 'CronJob /cj: its last run failed'],
      ['k8s-jobs:/', 'medium', 'Job / failed'],
    ])
    expect(findings[1]?.evidence).toStrictEqual({
      reason: undefined,
      message: '',
      failed: 0,
      succeeded: 0,
      started: undefined,
      failed_at: undefined,
      cronjob: undefined,
    })
  })
})

describe('k8s-jobs when a list step failed', () => {
  it('jobs missing: says so (info), whatever the CronJobs', () => {
    expect(analysis.run({ jobs: undefined, cronjobs: out([backup]) }).map((f) => [f.id, f.severity])).toEqual([
      ['k8s-jobs:cluster:not-seen:jobs', 'info'],
    ])
  })

  it('only the CronJobs missing: Jobs are still judged, and nothing is said about what was not seen', () => {
    expect(ids(run([job('shop', 'migrate', { state: backoff })], null))).toEqual(['k8s-jobs:shop/migrate'])
  })
})
