// k8s-crashloop, as the k8s-crashloop-pods playbook runs it: pods from k8s.pods.list, previous logs from
// k8s.pods.previous_logs (optional), restart_threshold from the playbook (default 5).
import type { V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type { PreviousLog } from '../../src/actions/k8s/pods-previous-logs.js'
import { analysisOf, containerStatus as cs, ids, only, out, pod, podStatus, terminatedLast, when } from './support.js'

const analysis = await analysisOf('k8s-crashloop-pods', 'k8s-crashloop')
const run = (pods: V1Pod[], logs: PreviousLog[] | null = [], params = {}) =>
  analysis.run({ pods: out(pods), logs: logs ? out(logs) : undefined }, params)

const crashing = (ns: string, name: string, restarts = 14, exitCode = 2) =>
  pod(ns, name, {
    containers: [{ name: 'api' }],
    status: podStatus.withContainers('Running', [cs.crashLoop('api', restarts, exitCode)]),
  })

describe('k8s-crashloop flags', () => {
  it.each([
    {
      state: 'CrashLoopBackOff → high, with the last exit',
      pods: [crashing('shop', 'api-7d9-x1', 14, 2)],
      params: {},
      id: 'k8s-crashloop:shop/api-7d9-x1:api',
      severity: 'high',
      pod: 'shop/api-7d9-x1',
      evidence: {
        container: 'api',
        restarts: 14,
        waiting_reason: 'CrashLoopBackOff',
        last_exit_reason: 'Error',
        last_exit_code: 2,
        last_finished_at: when.toISOString(),
      },
    },
    {
      state: 'CrashLoopBackOff after a single restart (below the threshold) → still high',
      pods: [crashing('shop', 'api-7d9-x1', 1, 1)],
      params: {},
      id: 'k8s-crashloop:shop/api-7d9-x1:api',
      severity: 'high',
      pod: 'shop/api-7d9-x1',
      evidence: { restarts: 1, waiting_reason: 'CrashLoopBackOff', last_exit_code: 1 },
    },
    {
      state: 'running again after exactly 5 restarts (the default threshold) → medium',
      pods: [pod('shop', 'flaky', { status: podStatus.running(['app'], 5) })],
      params: {},
      id: 'k8s-crashloop:shop/flaky:app',
      severity: 'medium',
      pod: 'shop/flaky',
      evidence: { container: 'app', restarts: 5, waiting_reason: undefined, last_exit_reason: undefined },
    },
    {
      state: 'running again after OOMKilled restarts → high, with the exit reason',
      pods: [
        pod('batch', 'leaky', {
          status: podStatus.withContainers('Running', [cs.running('app', 7, terminatedLast('OOMKilled', 137))]),
        }),
      ],
      params: {},
      id: 'k8s-crashloop:batch/leaky:app',
      severity: 'high',
      pod: 'batch/leaky',
      evidence: { restarts: 7, last_exit_reason: 'OOMKilled', last_exit_code: 137 },
    },
    {
      state: 'only the crashing sidecar of a two-container pod',
      pods: [
        pod('shop', 'web', {
          containers: [{ name: 'app' }, { name: 'proxy' }],
          status: podStatus.withContainers('Running', [cs.running('app'), cs.crashLoop('proxy', 9, 255)]),
        }),
      ],
      params: {},
      id: 'k8s-crashloop:shop/web:proxy',
      severity: 'high',
      pod: 'shop/web',
      evidence: { container: 'proxy', restarts: 9, last_exit_code: 255 },
    },
    ...(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'] as const).map((reason) => ({
      state: `an image that cannot be pulled (${reason}) → high, with the kubelet's message`,
      pods: [
        pod('shop', 'typo', {
          status: podStatus.withContainers('Pending', [cs.waiting('app', reason, 0, 'Back-off pulling image "ap:1"')]),
        }),
      ],
      params: {},
      id: 'k8s-crashloop:shop/typo:app',
      severity: 'high',
      pod: 'shop/typo',
      evidence: {
        container: 'app',
        restarts: 0,
        waiting_reason: reason,
        waiting_message: 'Back-off pulling image "ap:1"',
      },
    })),
    ...(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError'] as const).map((reason) => ({
      state: `a container that cannot be started from its spec (${reason}) → high`,
      pods: [
        pod('shop', 'nosecret', {
          status: podStatus.withContainers('Pending', [cs.waiting('app', reason, 0, 'secret "db" not found')]),
        }),
      ],
      params: {},
      id: 'k8s-crashloop:shop/nosecret:app',
      severity: 'high',
      pod: 'shop/nosecret',
      evidence: { waiting_reason: reason, waiting_message: 'secret "db" not found' },
    })),
    {
      state: 'an init container in CrashLoopBackOff (Init:CrashLoopBackOff; the app never starts) → high',
      pods: [
        pod('shop', 'migrating', {
          initContainers: [{ name: 'migrate' }],
          status: podStatus.withContainers(
            'Pending',
            [cs.waiting('app', 'PodInitializing')],
            [cs.crashLoop('migrate', 4, 3)],
          ),
        }),
      ],
      params: {},
      id: 'k8s-crashloop:shop/migrating:migrate',
      severity: 'high',
      pod: 'shop/migrating',
      evidence: { container: 'migrate', restarts: 4, waiting_reason: 'CrashLoopBackOff', last_exit_code: 3 },
    },
    {
      state: 'an ephemeral (debug) container that cannot pull its image → high',
      pods: [
        pod('shop', 'debugged', {
          status: {
            ...podStatus.running(['app']),
            ephemeralContainerStatuses: [cs.waiting('debugger', 'ErrImagePull')],
          },
        }),
      ],
      params: {},
      id: 'k8s-crashloop:shop/debugged:debugger',
      severity: 'high',
      pod: 'shop/debugged',
      evidence: { container: 'debugger', waiting_reason: 'ErrImagePull' },
    },
    {
      state: 'one restart after a non-zero exit, below the threshold → low',
      pods: [
        pod('shop', 'blip', {
          status: podStatus.withContainers('Running', [cs.running('app', 1, terminatedLast('Error', 1))]),
        }),
      ],
      params: {},
      id: 'k8s-crashloop:shop/blip:app',
      severity: 'low',
      pod: 'shop/blip',
      evidence: { restarts: 1, last_exit_reason: 'Error', last_exit_code: 1 },
    },
    {
      state: '3 restarts when the playbook is run with restart_threshold=3',
      pods: [pod('shop', 'flaky', { status: podStatus.running(['app'], 3) })],
      params: { restart_threshold: 3 },
      id: 'k8s-crashloop:shop/flaky:app',
      severity: 'medium',
      pod: 'shop/flaky',
      evidence: { restarts: 3 },
    },
  ])('$state', ({ pods, params, id, severity, pod: key, evidence }) => {
    const findings = run(pods, [], params)
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual({ provider: 'kubernetes', type: 'pod', id: key, namespace: key.split('/')[0] })
    expect(f.evidence).toMatchObject(evidence)
  })

  it('titles say the state in words, with the exit when there was one', () => {
    expect(run([crashing('shop', 'api', 14, 2)])[0]?.title).toBe(
      'shop/api container api: CrashLoopBackOff, 14 restarts, last exit Error (2)',
    )
    const noReason = pod('shop', 'r', {
      status: podStatus.withContainers('Running', [
        cs.running('app', 6, { terminated: { exitCode: 9, startedAt: when, finishedAt: when } }),
      ]),
    })
    expect(run([noReason])[0]?.title).toBe('shop/r container app: restarting, 6 restarts, last exit (9)')
  })

  it('recommends memory when the last exit was OOMKilled, and the logs otherwise', () => {
    const oom = run([
      pod('batch', 'leaky', {
        status: podStatus.withContainers('Running', [cs.crashLoop('app', 6, 137, 'OOMKilled')]),
      }),
    ])
    expect(oom[0]?.recommendation).toMatch(/memory/)
    expect(run([crashing('shop', 'api')])[0]?.recommendation).toMatch(/log tail/)
  })
})

describe('k8s-crashloop does not flag (next to a crashing pod it does flag)', () => {
  const control = crashing('shop', 'control')
  it.each([
    { state: 'a healthy running pod', pod: pod('shop', 'ok', { status: podStatus.running(['app'], 0) }), params: {} },
    {
      state: '4 restarts when the threshold is 5',
      pod: pod('shop', 'almost', { status: podStatus.running(['app'], 4) }),
      params: {},
    },
    {
      state: '5 restarts when the playbook is run with restart_threshold=6',
      pod: pod('shop', 'almost', { status: podStatus.running(['app'], 5) }),
      params: { restart_threshold: 6 },
    },
    {
      state: 'a Completed job pod',
      pod: pod('batch', 'report-29100', {
        status: podStatus.withContainers('Succeeded', [cs.terminated('app', 'Completed', 0)]),
      }),
      params: {},
    },
    {
      state: 'a container pulling its image for the first time (ContainerCreating)',
      pod: pod('shop', 'starting', {
        status: podStatus.withContainers('Pending', [cs.waiting('app', 'ContainerCreating')]),
      }),
      params: {},
    },
    {
      state: 'a restart after a clean exit (0), below the threshold',
      pod: pod('shop', 'graceful', {
        status: podStatus.withContainers('Running', [cs.running('app', 2, terminatedLast('Completed', 0))]),
      }),
      params: {},
    },
    {
      state: 'a pod still initializing: init container running, app waiting PodInitializing',
      pod: pod('shop', 'migrating', {
        initContainers: [{ name: 'migrate' }],
        status: podStatus.withContainers('Pending', [cs.waiting('app', 'PodInitializing')], [cs.running('migrate')]),
      }),
      params: {},
    },
    {
      state: 'a pod whose init container completed and app runs',
      pod: pod('shop', 'initialized', {
        initContainers: [{ name: 'migrate' }],
        status: podStatus.withContainers('Running', [cs.running('app')], [cs.terminated('migrate', 'Completed', 0)]),
      }),
      params: {},
    },
    {
      state: 'an unscheduled pod with no container statuses',
      pod: pod('shop', 'waiting', { status: { phase: 'Pending' } }),
      params: {},
    },
  ])('$state', ({ pod: p, params }) => {
    expect(ids(run([control, p], [], params))).toEqual(['k8s-crashloop:shop/control:api'])
  })
})

describe('k8s-crashloop previous logs', () => {
  const log = (ns: string, podName: string, container: string, n: number): PreviousLog => ({
    namespace: ns,
    pod: podName,
    container,
    lines: Array.from({ length: n }, (_, i) => `line ${i + 1}`),
  })

  it('attaches the last 10 lines of the matching container’s previous log', () => {
    const [f] = run([crashing('shop', 'api')], [log('shop', 'api', 'api', 15)])
    expect(f?.evidence.previous_log_tail).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 6}`))
  })

  it('does not attach a log from the same pod name in another namespace, or another container', () => {
    const [f] = run([crashing('shop', 'api')], [log('staging', 'api', 'api', 3), log('shop', 'api', 'sidecar', 3)])
    expect(f?.evidence.previous_log_tail).toBeUndefined()
  })

  it('still reports the crash when the logs step failed', () => {
    const findings = run([crashing('shop', 'api')], null)
    expect(ids(findings)).toEqual(['k8s-crashloop:shop/api:api'])
    expect(findings[0]?.evidence.previous_log_tail).toBeUndefined()
  })
})

describe('k8s-crashloop when pods could not be listed', () => {
  it('says so (info) instead of reporting a clean cluster', () => {
    const findings = analysis.run({ pods: undefined, logs: out([]) })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      id: 'k8s-crashloop:cluster:not-seen:pods',
      severity: 'info',
      resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
    })
  })
})

describe('k8s-crashloop: init containers', () => {
  // Once missed: only containerStatuses were read, so a pod stuck in Init:CrashLoopBackOff (its init container
  // crashing, the app never starting) went unreported. (k8s.pods.previous_logs still fetches no init container log.)
  it('flags an init container in CrashLoopBackOff (Init:CrashLoopBackOff)', () => {
    const p = pod('shop', 'api-migrate', {
      initContainers: [{ name: 'migrate' }],
      status: podStatus.withContainers(
        'Pending',
        [cs.waiting('app', 'PodInitializing')],
        [cs.crashLoop('migrate', 8, 1)],
      ),
    })
    const f = only(run([p]), 'k8s-crashloop:shop/api-migrate:migrate')
    expect(f.severity).toBe('high')
  })
})

describe('k8s-crashloop titles', () => {
  it.each([
    {
      state: 'crash loop with its last exit',
      pod: crashing('shop', 'api-7d9-x1', 14, 2),
      title: 'shop/api-7d9-x1 container api: CrashLoopBackOff, 14 restarts, last exit Error (2)',
    },
    {
      state: 'restarting after an OOM kill',
      pod: pod('batch', 'leaky', {
        status: podStatus.withContainers('Running', [cs.running('app', 7, terminatedLast('OOMKilled', 137))]),
      }),
      title: 'batch/leaky container app: OOMKilled, 7 restarts',
    },
    {
      state: 'restarting with no last termination recorded',
      pod: pod('shop', 'flaky', { status: podStatus.running(['app'], 5) }),
      title: 'shop/flaky container app: restarting, 5 restarts',
    },
  ])('$state', ({ pod: p, title }) => {
    const findings = run([p])
    expect(findings.map((f) => f.title)).toEqual([title])
  })
})

describe('k8s-crashloop on partial objects', () => {
  it('a pod with no status at all is skipped, and the others still reported', () => {
    const bare = { ...pod('shop', 'new'), status: undefined }
    expect(ids(run([bare, crashing('shop', 'api')]))).toEqual(['k8s-crashloop:shop/api:api'])
  })

  it('a pod with only init container statuses, or only app ones, is read', () => {
    const initOnly = pod('shop', 'init', {
      status: { phase: 'Pending', initContainerStatuses: [cs.crashLoop('m', 3)] },
    })
    const appOnly = pod('shop', 'app', { status: { phase: 'Running', containerStatuses: [cs.crashLoop('a', 3)] } })
    expect(ids(run([initOnly, appOnly]))).toEqual(['k8s-crashloop:shop/init:m', 'k8s-crashloop:shop/app:a'])
  })

  it('a container status with no state is judged on its restarts alone', () => {
    const { state: _, ...noState } = cs.running('app', 6)
    const f = run([pod('shop', 'odd', { status: { phase: 'Running', containerStatuses: [noState] } })])
    expect(ids(f)).toEqual(['k8s-crashloop:shop/odd:app'])
    expect(f[0]).toMatchObject({ severity: 'medium', evidence: { restarts: 6, waiting_reason: undefined } })
  })
})

describe('k8s-crashloop options', () => {
  it.each([0, -1, 2.5, '3'])('refuses restart_threshold %j', (value) => {
    expect(() => run([crashing('shop', 'api')], [], { restart_threshold: value })).toThrow(/invalid with/)
  })

  it('accepts restart_threshold 1: any restart is reported', () => {
    const f = run([pod('shop', 'once', { status: podStatus.running(['app'], 1) })], [], { restart_threshold: 1 })
    expect(ids(f)).toEqual(['k8s-crashloop:shop/once:app'])
  })
})
