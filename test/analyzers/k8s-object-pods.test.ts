// What k8s-diagnose says about the pods of the object it diagnoses (src/analyzers/k8s-object-pods.ts): each
// container state it reports, the normal moments of a start it leaves alone, and the tally its verdict is built on.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type { PreviousLog } from '../../src/actions/k8s/pods-previous-logs.js'
import { oneLine, podFindings } from '../../src/analyzers/k8s-object-pods.js'
import { containerStatus as cs, pod, podStatus, terminatedLast } from './support.js'

const ns = 'shop'
const key = 'shop/api'
const scan = (pods: V1Pod[], logs: PreviousLog[] = [], threshold = 3) => podFindings(key, pods, logs, threshold)
const withStatus = (name: string, status: V1Pod['status']) => pod(ns, name, { status })
const running = (name: string, statuses: V1ContainerStatus[], ready = true): V1Pod =>
  withStatus(name, {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    containerStatuses: statuses,
  })
const podRes = (name: string) => ({ provider: 'kubernetes', type: 'pod', id: `${ns}/${name}`, namespace: ns })
const idOf = (podName: string, detail: string) => `k8s-diagnose:${key}:pod:${podName}:${detail}`
const waitingWith = (name: string, reason: string, message?: string): V1ContainerStatus => ({
  ...cs.waiting(name, reason),
  state: { waiting: { reason, ...(message ? { message } : {}) } },
})

describe('oneLine', () => {
  it.each([
    ['a\nb', 'a b'],
    ['a\r\n\t\u0007b', 'a b'],
    ['  padded \n', 'padded'],
    ['\u001b[2Jclear', '[2Jclear'],
    ['', ''],
  ])('%j → %j', (text, want) => {
    expect(oneLine(text)).toBe(want)
  })

  it('undefined is empty', () => {
    expect(oneLine(undefined)).toBe('')
  })

  it('keeps text of exactly the bound; cuts longer text to the bound, ending with …', () => {
    expect(oneLine('x'.repeat(160))).toBe('x'.repeat(160))
    expect(oneLine('x'.repeat(161))).toBe(`${'x'.repeat(159)}…`)
    expect(oneLine('abcdef', 6)).toBe('abcdef')
    expect(oneLine('abcdefg', 6)).toBe('abcde…')
  })
})

describe('podFindings: scheduling', () => {
  const pending = (name: string, scheduled?: { status: string; reason?: string; message?: string }) =>
    withStatus(name, {
      phase: 'Pending',
      ...(scheduled ? { conditions: [{ type: 'PodScheduled', ...scheduled }] } : {}),
    })

  it('a pod the scheduler cannot place is high, with the scheduler message', () => {
    const message = '0/3 nodes are available: 3 Insufficient cpu.\npreemption: 0/3 nodes are available.'
    const { findings, tally } = scan([pending('api-1', { status: 'False', reason: 'Unschedulable', message })])
    expect(findings).toEqual([
      {
        id: idOf('api-1', 'unscheduled'),
        severity: 'high',
        title:
          'shop/api-1 cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available.',
        resource: podRes('api-1'),
        evidence: {
          reason: 'Unschedulable',
          message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available.',
        },
        recommendation: expect.stringMatching(/scheduler message/),
      },
    ])
    expect(tally).toMatchObject({
      total: 1,
      ready: 0,
      pending: 1,
      schedulingMessage: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available.',
    })
  })

  it('the first scheduling message is the one the tally keeps', () => {
    const { tally } = scan([
      pending('api-1', { status: 'False', message: 'first' }),
      pending('api-2', { status: 'False', message: 'second' }),
    ])
    expect(tally).toMatchObject({ pending: 2, schedulingMessage: 'first' })
  })

  it.each([
    ['placed, waiting on its containers', pending('api-1', { status: 'True' })],
    ['with no conditions yet', pending('api-1')],
    [
      'Running with a stale PodScheduled False',
      withStatus('api-1', { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'False' }] }),
    ],
  ])('a pod %s is not reported as unschedulable', (_, p) => {
    const { findings, tally } = scan([p])
    expect(findings).toEqual([])
    expect(tally.pending).toBe(0)
    expect(tally.schedulingMessage).toBeUndefined()
  })
})

describe('podFindings: crash loops', () => {
  it('CrashLoopBackOff is high, with restarts, the last exit and the log tail', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`)
    lines[11] = 'panic:\tno DATABASE_URL'
    const logs = [{ namespace: ns, pod: 'api-1', container: 'app', lines }]
    const { findings, tally } = scan([running('api-1', [cs.crashLoop('app', 9, 2)], false)], logs)
    expect(findings).toEqual([
      {
        id: idOf('api-1', 'app:crashloop'),
        severity: 'high',
        title: 'shop/api-1 container app: CrashLoopBackOff, 9 restarts, last exit Error (2)',
        resource: podRes('api-1'),
        evidence: {
          container: 'app',
          restarts: 9,
          waiting_reason: 'CrashLoopBackOff',
          waiting_message: 'back-off 5m0s restarting failed container=app',
          last_exit_reason: 'Error',
          last_exit_code: 2,
          previous_log_tail: [...lines.slice(2, 11), 'panic: no DATABASE_URL'],
        },
        recommendation: expect.stringMatching(/previous log tail and the exit code/),
      },
    ])
    expect(tally).toMatchObject({
      total: 1,
      ready: 0,
      crashLooping: 1,
      exitCodes: [2],
      lastLogLine: 'panic: no DATABASE_URL',
    })
  })

  it('an OOMKilled crash loop recommends memory, and counts as OOMKilled too', () => {
    const { findings, tally } = scan([running('api-1', [cs.crashLoop('app', 4, 137, 'OOMKilled')], false)])
    expect(findings[0]?.title).toBe('shop/api-1 container app: CrashLoopBackOff, 4 restarts, last exit OOMKilled (137)')
    expect(findings[0]?.recommendation).toMatch(/memory limit/)
    expect(tally).toMatchObject({ crashLooping: 1, oomKilled: 1, exitCodes: [137] })
  })

  it('a crash loop with no recorded termination says no exit', () => {
    const s: V1ContainerStatus = { ...cs.crashLoop('app', 1), lastState: {} }
    const { findings, tally } = scan([running('api-1', [s], false)])
    expect(findings[0]?.title).toBe('shop/api-1 container app: CrashLoopBackOff, 1 restarts')
    expect(tally.exitCodes).toEqual([])
  })

  it('exit codes are listed once each, in the order seen; the last log line is the first crash loop’s', () => {
    const logs = [
      { namespace: ns, pod: 'api-1', container: 'app', lines: ['boom 1', ''] },
      { namespace: ns, pod: 'api-2', container: 'app', lines: ['boom 2'] },
    ]
    const { tally } = scan(
      [
        running('api-1', [cs.crashLoop('app', 5, 1)], false),
        running('api-2', [cs.crashLoop('app', 5, 1)], false),
        running('api-3', [cs.crashLoop('app', 5, 3)], false),
      ],
      logs,
    )
    expect(tally).toMatchObject({ crashLooping: 3, exitCodes: [1, 3], lastLogLine: 'boom 1' })
  })

  it('a crash loop without a log leaves the last log line to one that has one', () => {
    const logs = [{ namespace: ns, pod: 'api-2', container: 'app', lines: ['later'] }]
    const { findings, tally } = scan(
      [running('api-1', [cs.crashLoop('app', 5, 1)], false), running('api-2', [cs.crashLoop('app', 5, 1)], false)],
      logs,
    )
    expect(tally.lastLogLine).toBe('later')
    expect(findings[0]?.evidence.previous_log_tail).toBeUndefined()
  })

  it('an empty previous log is no tail', () => {
    const logs = [{ namespace: ns, pod: 'api-1', container: 'app', lines: [] }]
    const { findings, tally } = scan([running('api-1', [cs.crashLoop('app', 5, 1)], false)], logs)
    expect(findings[0]?.evidence.previous_log_tail).toBeUndefined()
    expect(tally.lastLogLine).toBeUndefined()
  })

  it('the log is matched by namespace, pod and container', () => {
    const logs = [
      { namespace: 'other', pod: 'api-1', container: 'app', lines: ['wrong namespace'] },
      { namespace: ns, pod: 'api-1', container: 'sidecar', lines: ['wrong container'] },
      { namespace: ns, pod: 'api-9', container: 'app', lines: ['wrong pod'] },
    ]
    const { findings } = scan([running('api-1', [cs.crashLoop('app', 5, 1)], false)], logs)
    expect(findings[0]?.evidence.previous_log_tail).toBeUndefined()
  })

  it('init containers are read too, before the app containers', () => {
    const p = withStatus('api-1', {
      phase: 'Pending',
      initContainerStatuses: [cs.crashLoop('migrate', 3, 1)],
      containerStatuses: [cs.waiting('app', 'PodInitializing')],
    })
    expect(scan([p]).findings.map((f) => f.id)).toEqual([idOf('api-1', 'migrate:crashloop')])
  })
})

describe('podFindings: images and config', () => {
  it.each(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'])(
    '%s is high: the image cannot be pulled',
    (reason) => {
      const s = waitingWith('app', reason, 'Back-off pulling image "registry.example/app:typo"')
      const { findings, tally } = scan([withStatus('api-1', { phase: 'Pending', containerStatuses: [s] })])
      expect(findings).toEqual([
        {
          id: idOf('api-1', 'app:image'),
          severity: 'high',
          title: `shop/api-1 container app: ${reason}: Back-off pulling image "registry.example/app:typo"`,
          resource: podRes('api-1'),
          evidence: {
            container: 'app',
            restarts: 0,
            waiting_reason: reason,
            waiting_message: 'Back-off pulling image "registry.example/app:typo"',
            last_exit_reason: undefined,
            last_exit_code: undefined,
            previous_log_tail: undefined,
          },
          recommendation: expect.stringMatching(/imagePullSecrets/),
        },
      ])
      expect(tally).toMatchObject({ imagePull: 1, configError: 0, crashLooping: 0 })
    },
  )

  it.each(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError'])(
    '%s is high: something it needs is missing',
    (reason) => {
      const s = waitingWith('app', reason, 'secret "creds" not found')
      const { findings, tally } = scan([withStatus('api-1', { phase: 'Pending', containerStatuses: [s] })])
      expect(findings.map((f) => [f.id, f.severity, f.title])).toEqual([
        [idOf('api-1', 'app:config'), 'high', `shop/api-1 container app: ${reason}: secret "creds" not found`],
      ])
      expect(findings[0]?.recommendation).toMatch(/ConfigMap, Secret or key/)
      expect(tally).toMatchObject({ configError: 1, configMessage: 'secret "creds" not found', imagePull: 0 })
    },
  )

  it('the first config message is the one the tally keeps', () => {
    const p = (name: string, message: string) =>
      withStatus(name, {
        phase: 'Pending',
        containerStatuses: [waitingWith('app', 'CreateContainerConfigError', message)],
      })
    expect(scan([p('a', 'first'), p('b', 'second')]).tally).toMatchObject({ configError: 2, configMessage: 'first' })
  })
})

describe('podFindings: other container states', () => {
  it('another waiting reason is medium, said as it is', () => {
    const s = waitingWith('app', 'PreStartHookError', 'exec format error')
    const { findings } = scan([withStatus('api-1', { phase: 'Pending', containerStatuses: [s] })])
    expect(findings).toEqual([
      {
        id: idOf('api-1', 'app:waiting'),
        severity: 'medium',
        title: 'shop/api-1 container app: waiting, PreStartHookError',
        resource: podRes('api-1'),
        evidence: expect.objectContaining({
          waiting_reason: 'PreStartHookError',
          waiting_message: 'exec format error',
        }),
        recommendation: expect.stringMatching(/waiting message/),
      },
    ])
  })

  it.each(['ContainerCreating', 'PodInitializing'])('%s is a normal moment of a start: nothing', (reason) => {
    const { findings, tally } = scan([
      withStatus('api-1', { phase: 'Pending', containerStatuses: [cs.waiting('app', reason)] }),
    ])
    expect(findings).toEqual([])
    expect(tally).toMatchObject({ total: 1, ready: 0, crashLooping: 0, imagePull: 0, configError: 0, pending: 0 })
  })

  it('restarts at the threshold are medium, with the last exit; under it nothing', () => {
    const at = scan([running('api-1', [cs.running('app', 3, terminatedLast('Error', 1))])])
    expect(at.findings).toEqual([
      {
        id: idOf('api-1', 'app:restarts'),
        severity: 'medium',
        title: 'shop/api-1 container app: 3 restarts, last exit Error (1)',
        resource: podRes('api-1'),
        evidence: expect.objectContaining({ restarts: 3, last_exit_reason: 'Error', last_exit_code: 1 }),
        recommendation: expect.stringMatching(/keeps restarting/),
      },
    ])
    expect(scan([running('api-1', [cs.running('app', 2, terminatedLast('Error', 1))])]).findings).toEqual([])
    expect(scan([running('api-1', [cs.running('app', 4)])], [], 5).findings).toEqual([])
  })

  it('restarts with no recorded termination say so', () => {
    const { findings } = scan([running('api-1', [cs.running('app', 7)])])
    expect(findings.map((f) => f.title)).toEqual(['shop/api-1 container app: 7 restarts, last exit  (?)'])
    expect(findings[0]?.evidence.waiting_message).toBeUndefined()
  })

  it('one OOM kill is high, whatever the restart count, with memory advice', () => {
    const { findings, tally } = scan([running('api-1', [cs.running('app', 1, terminatedLast('OOMKilled', 137))])])
    expect(findings.map((f) => [f.id, f.severity, f.title])).toEqual([
      [idOf('api-1', 'app:restarts'), 'high', 'shop/api-1 container app: 1 restarts, last OOMKilled'],
    ])
    expect(findings[0]?.recommendation).toMatch(/memory limit/)
    expect(tally.oomKilled).toBe(1)
  })

  it('a running container that is not ready is medium', () => {
    const s: V1ContainerStatus = { ...cs.running('app'), ready: false }
    const { findings, tally } = scan([running('api-1', [s], false)])
    expect(findings).toEqual([
      {
        id: idOf('api-1', 'app:not-ready'),
        severity: 'medium',
        title: 'shop/api-1 container app: running but not ready',
        resource: podRes('api-1'),
        evidence: expect.objectContaining({ container: 'app', restarts: 0 }),
        recommendation: expect.stringMatching(/readiness probe/),
      },
    ])
    expect(tally).toMatchObject({ total: 1, ready: 0 })
  })

  it.each([
    [
      'an init container (a sidecar) running, not ready',
      withStatus('api-1', {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        initContainerStatuses: [{ ...cs.running('proxy'), ready: false }],
        containerStatuses: [cs.running('app')],
      }),
    ],
    [
      'a container not ready while its pod is still Pending',
      withStatus('api-1', { phase: 'Pending', containerStatuses: [{ ...cs.running('app'), ready: false }] }),
    ],
    ['a ready running container', running('api-1', [cs.running('app')])],
    [
      'a container that terminated, not ready',
      running('api-1', [{ ...cs.terminated('app', 'Completed', 0), ready: false }]),
    ],
  ])('nothing for %s', (_, p) => {
    expect(scan([p]).findings).toEqual([])
  })
})

describe('podFindings: failed and finished pods, and the tally', () => {
  it('a Failed pod is medium, with its reason', () => {
    const p = withStatus('api-1', {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.\nContainer app was using 2Gi.',
    })
    expect(scan([p]).findings).toEqual([
      {
        id: idOf('api-1', 'failed'),
        severity: 'medium',
        title: 'shop/api-1 failed: Evicted',
        resource: podRes('api-1'),
        evidence: {
          phase: 'Failed',
          reason: 'Evicted',
          message: 'The node was low on resource: memory. Container app was using 2Gi.',
        },
        recommendation: expect.stringMatching(/exit codes/),
      },
    ])
  })

  it('a Failed pod without a reason gives its message, or points at its containers', () => {
    const titles = (status: V1Pod['status']) => scan([withStatus('p', status)]).findings.map((f) => f.title)
    expect(titles({ phase: 'Failed', message: 'deadline exceeded' })).toEqual(['shop/p failed: deadline exceeded'])
    expect(titles({ phase: 'Failed' })).toEqual(['shop/p failed: see its containers'])
  })

  it('a Failed pod’s containers are reported before the pod', () => {
    const p = withStatus('api-1', { phase: 'Failed', containerStatuses: [cs.terminated('app', 'OOMKilled', 137, 4)] })
    expect(scan([p]).findings.map((f) => f.id)).toEqual([idOf('api-1', 'app:restarts'), idOf('api-1', 'failed')])
  })

  it('Succeeded pods are left out entirely; the rest are counted, ready or not', () => {
    const done = withStatus('done', {
      phase: 'Succeeded',
      containerStatuses: [cs.terminated('app', 'Completed', 0, 9)],
    })
    const noStatus: V1Pod = { ...pod(ns, 'bare'), status: undefined }
    const { findings, tally } = scan([
      done,
      running('a', [cs.running('app')]),
      running('b', [cs.running('app')], false),
      noStatus,
    ])
    expect(findings).toEqual([])
    expect(tally).toEqual({
      total: 3,
      ready: 1,
      crashLooping: 0,
      exitCodes: [],
      pending: 0,
      imagePull: 0,
      configError: 0,
      oomKilled: 0,
    })
  })

  it('a pod is ready only by a Ready condition that is True', () => {
    const p = (conditions: { type: string; status: string }[]) =>
      withStatus('p', { phase: 'Running', conditions, containerStatuses: [cs.running('app')] })
    expect(scan([p([{ type: 'ContainersReady', status: 'True' }])]).tally.ready).toBe(0)
    expect(scan([p([{ type: 'Ready', status: 'False' }])]).tally.ready).toBe(0)
    expect(
      scan([
        p([
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'True' },
        ]),
      ]).tally.ready,
    ).toBe(1)
  })

  it('states across pods are counted for the verdict', () => {
    const { tally } = scan([
      running('a', [cs.crashLoop('app', 5, 1)], false),
      withStatus('b', { phase: 'Pending', containerStatuses: [cs.waiting('app', 'ErrImagePull')] }),
      withStatus('c', { phase: 'Pending', containerStatuses: [cs.waiting('app', 'CreateContainerConfigError')] }),
      running('d', [cs.running('app', 1, terminatedLast('OOMKilled', 137))]),
      withStatus('e', podStatus.running(['app'])),
    ])
    expect(tally).toEqual({
      total: 5,
      ready: 2,
      crashLooping: 1,
      exitCodes: [1],
      pending: 0,
      imagePull: 1,
      configError: 1,
      configMessage: '',
      oomKilled: 1,
    })
  })
})

describe('podFindings: partial objects', () => {
  it('a placed pod whose other conditions are False is not unschedulable', () => {
    const p = withStatus('api-1', {
      phase: 'Pending',
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        { type: 'ContainersReady', status: 'False' },
        { type: 'PodScheduled', status: 'True' },
      ],
    })
    expect(scan([p]).findings).toEqual([])
  })

  it('a container status with no state is judged on its restarts', () => {
    const { state: _, ...bare } = cs.running('app', 1)
    expect(scan([running('api-1', [bare])]).findings).toEqual([])
    const { state: __, ...restarted } = cs.running('app', 5)
    expect(scan([running('api-1', [restarted])]).findings.map((f) => f.id)).toEqual([idOf('api-1', 'app:restarts')])
  })

  it('a crash loop whose last exit has no reason gives just the code', () => {
    const s = { ...cs.crashLoop('app', 3), lastState: { terminated: { exitCode: 1 } } }
    const [f] = scan([running('api-1', [s], false)]).findings
    expect(f?.title).toMatch(/^shop\/api-1 container app: CrashLoopBackOff, 3 restarts, last exit\s+\(1\)$/)
  })

  it('a pod with no metadata still gets findings, with an empty name in their ids', () => {
    const p: V1Pod = { status: { phase: 'Failed', reason: 'Evicted' } }
    expect(scan([p]).findings.map((f) => f.id)).toEqual([`k8s-diagnose:${key}:pod::failed`])
  })
})
