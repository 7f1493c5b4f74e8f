// k8s-cpu-pressure, as the k8s-cpu-pressure playbook runs it: nodes and pods (required), node_usage and pod_usage
// from metrics.k8s.io (optional; a note when the API is absent), threshold_percent from the playbook (default 80).
import type { V1Node, V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type { NodeUsage } from '../../src/actions/k8s/metrics-node-usage.js'
import type { PodUsage } from '../../src/actions/k8s/metrics-pod-usage.js'
import type { Finding } from '../../src/analyzers/types.js'
import {
  analysisOf,
  type ContainerSpec,
  containerStatus as cs,
  ids,
  node,
  only,
  out,
  pod,
  podStatus,
} from './support.js'

const analysis = await analysisOf('k8s-cpu-pressure', 'k8s-cpu-pressure')

interface World {
  nodes?: V1Node[]
  pods?: V1Pod[]
  nodeUsage?: NodeUsage[]
  podUsage?: PodUsage[]
}
const metricsAbsent = 'metrics.k8s.io is not served by this cluster (install metrics-server)'
/** Metrics present (empty) unless given; `null` = the metrics step returned the "API absent" note. */
const run = (w: World, params = {}, metrics: 'ok' | 'absent' | 'failed' = 'ok') =>
  analysis.run(
    {
      nodes: w.nodes ? out(w.nodes) : undefined,
      pods: w.pods ? out(w.pods) : undefined,
      node_usage:
        metrics === 'failed' ? undefined : metrics === 'absent' ? out([], [metricsAbsent]) : out(w.nodeUsage ?? []),
      pod_usage:
        metrics === 'failed' ? undefined : metrics === 'absent' ? out([], [metricsAbsent]) : out(w.podUsage ?? []),
    },
    params,
  )

/** A pod on `nodeName` whose containers all have requests and limits (so it raises no no-limit finding). */
const bound = (name: string, nodeName: string | undefined, cpu: string, extra: Partial<ContainerSpec> = {}) =>
  pod('shop', name, {
    ...(nodeName ? { node: nodeName } : {}),
    containers: [{ name: 'app', requests: { cpu }, limits: { cpu, memory: '256Mi' }, ...extra }],
  })
const usage = (name: string, cpuMillicores: number, container = 'app'): PodUsage => ({
  namespace: 'shop',
  name,
  containers: [{ name: container, cpu_millicores: cpuMillicores, memory_bytes: 100 * 2 ** 20 }],
})
const nodeOnly = (fs: Finding[]) => fs.filter((f) => f.resource.type === 'node')
const node2 = node('node-a', { cpu: '2' })

describe('k8s-cpu-pressure flags nodes', () => {
  it.each([
    {
      state: 'requests at exactly 80% of allocatable → high',
      world: { nodes: [node2], pods: [bound('a', 'node-a', '1'), bound('b', 'node-a', '600m')] },
      params: {},
      id: 'k8s-cpu-pressure:node-a:requests',
      severity: 'high',
      evidence: { requested: '1600m', allocatable: '2000m', percent: 80 },
    },
    {
      state: 'requests over allocatable (overcommitted) → critical',
      world: { nodes: [node2], pods: [bound('a', 'node-a', '1900m'), bound('b', 'node-a', '250m')] },
      params: {},
      id: 'k8s-cpu-pressure:node-a:requests',
      severity: 'critical',
      evidence: { requested: '2150m', allocatable: '2000m', percent: 108 },
    },
    {
      state: 'requests summed over every container of a pod',
      world: {
        nodes: [node2],
        pods: [
          pod('shop', 'two', {
            node: 'node-a',
            containers: [
              { name: 'app', requests: { cpu: '1' }, limits: { cpu: '1' } },
              { name: 'proxy', requests: { cpu: '0.7' }, limits: { cpu: '1' } },
            ],
          }),
        ],
      },
      params: {},
      id: 'k8s-cpu-pressure:node-a:requests',
      severity: 'high',
      evidence: { requested: '1700m', percent: 85 },
    },
    {
      state: 'usage at 85% of allocatable → high',
      world: { nodes: [node2], pods: [], nodeUsage: [{ name: 'node-a', cpu_millicores: 1700 }] },
      params: {},
      id: 'k8s-cpu-pressure:node-a:usage',
      severity: 'high',
      evidence: { used: '1700m', allocatable: '2000m', percent: 85 },
    },
    {
      state: 'usage at 94% of allocatable → still high',
      world: { nodes: [node2], pods: [], nodeUsage: [{ name: 'node-a', cpu_millicores: 1880 }] },
      params: {},
      id: 'k8s-cpu-pressure:node-a:usage',
      severity: 'high',
      evidence: { used: '1880m', percent: 94 },
    },
    {
      state: 'usage at 95% of allocatable → critical',
      world: { nodes: [node2], pods: [], nodeUsage: [{ name: 'node-a', cpu_millicores: 1900 }] },
      params: {},
      id: 'k8s-cpu-pressure:node-a:usage',
      severity: 'critical',
      evidence: { used: '1900m', percent: 95 },
    },
    {
      state: 'requests at 60% when the playbook is run with threshold_percent=60',
      world: { nodes: [node2], pods: [bound('a', 'node-a', '1200m')] },
      params: { threshold_percent: 60 },
      id: 'k8s-cpu-pressure:node-a:requests',
      severity: 'high',
      evidence: { percent: 60 },
    },
  ])('$state', ({ world, params, id, severity, evidence }) => {
    const findings = nodeOnly(run(world, params))
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual({ provider: 'kubernetes', type: 'node', id: 'node-a' })
    expect(f.evidence).toMatchObject(evidence)
  })
})

describe('k8s-cpu-pressure does not flag nodes (next to one it does)', () => {
  // node-hot is always at 100% requested, so an empty result cannot pass by accident.
  const hot = node('node-hot', { cpu: '1' })
  const hotPod = bound('hot', 'node-hot', '1')
  it.each([
    { state: 'requests at 79% (1580m of 2000m)', pods: [bound('a', 'node-a', '1580m')], usage: [], params: {} },
    {
      state: 'requests at 85% when run with threshold_percent=90',
      pods: [bound('a', 'node-a', '1700m')],
      usage: [],
      params: { threshold_percent: 90 },
    },
    {
      state: 'requests of pods on another node',
      pods: [bound('a', 'node-b', '1900m')],
      usage: [],
      params: {},
    },
    {
      state: 'requests of a Succeeded pod still bound to the node',
      pods: [
        pod('shop', 'job', {
          node: 'node-a',
          containers: [{ name: 'app', requests: { cpu: '1900m' }, limits: { cpu: '2' } }],
          status: podStatus.withContainers('Succeeded', [cs.terminated('app', 'Completed', 0)]),
        }),
      ],
      usage: [],
      params: {},
    },
    {
      state: 'requests of a Failed pod still bound to the node',
      pods: [
        pod('shop', 'evicted', {
          node: 'node-a',
          containers: [{ name: 'app', requests: { cpu: '1900m' }, limits: { cpu: '2' } }],
          status: podStatus.withContainers('Failed', [cs.terminated('app', 'Error', 1)]),
        }),
      ],
      usage: [],
      params: {},
    },
    {
      state: 'requests of an unscheduled Pending pod',
      pods: [bound('pending', undefined, '1900m')],
      usage: [],
      params: {},
    },
    {
      state: 'usage at 75%',
      pods: [],
      usage: [{ name: 'node-a', cpu_millicores: 1500 }],
      params: {},
    },
  ])('$state', ({ pods, usage: nodeUsage, params }) => {
    const findings = nodeOnly(run({ nodes: [node2, hot], pods: [hotPod, ...pods], nodeUsage }, params))
    expect(ids(findings)).toEqual(['k8s-cpu-pressure:node-hot:requests'])
  })
})

describe('k8s-cpu-pressure flags pods', () => {
  it('a container at 90% of its CPU limit → medium, throttling likely', () => {
    const findings = run({ nodes: [node2], pods: [bound('web', 'node-a', '100m')], podUsage: [usage('web', 90)] })
    const f = only(findings, 'k8s-cpu-pressure:shop/web:app:near-limit')
    expect(f.severity).toBe('medium')
    expect(f.resource).toEqual({ provider: 'kubernetes', type: 'pod', id: 'shop/web', namespace: 'shop' })
    expect(f.evidence).toEqual({ container: 'app', used: '90m', limit: '100m', percent: 90 })
    expect(f.title).toMatch(/throttling/)
  })

  it('a container just under its limit (79%) is not near it', () => {
    const findings = run({
      nodes: [node2],
      pods: [bound('web', 'node-a', '100m'), bound('hot', 'node-a', '100m')],
      podUsage: [usage('web', 79), usage('hot', 99)],
    })
    expect(ids(findings).filter((i) => i.endsWith(':near-limit'))).toEqual(['k8s-cpu-pressure:shop/hot:app:near-limit'])
  })

  it('a pod with a container without a CPU limit → low, naming only that container', () => {
    const p = pod('shop', 'mixed', {
      node: 'node-a',
      containers: [
        { name: 'app', requests: { cpu: '100m' }, limits: { cpu: '200m' } },
        { name: 'sidecar', requests: { cpu: '10m' } },
        { name: 'logger', limits: { memory: '64Mi' } },
      ],
    })
    const f = only(run({ nodes: [node2], pods: [p] }), 'k8s-cpu-pressure:shop/mixed:no-limit')
    expect(f.severity).toBe('low')
    expect(f.resource).toEqual({ provider: 'kubernetes', type: 'pod', id: 'shop/mixed', namespace: 'shop' })
    expect(f.evidence).toEqual({ containers: ['sidecar', 'logger'], node: 'node-a' })
  })

  it.each([
    { state: 'a pod whose containers all have CPU limits', p: bound('limited', 'node-a', '100m') },
    {
      state: 'a pod whose only unlimited container is an init container',
      p: pod('shop', 'init-unlimited', {
        node: 'node-a',
        initContainers: [{ name: 'migrate' }],
        containers: [{ name: 'app', requests: { cpu: '100m' }, limits: { cpu: '100m' } }],
      }),
    },
    {
      state: 'a Succeeded pod without limits',
      p: pod('shop', 'done', {
        node: 'node-a',
        status: podStatus.withContainers('Succeeded', [cs.terminated('app', 'Completed', 0)]),
      }),
    },
  ])('no no-limit finding for $state', ({ p }) => {
    const control = pod('shop', 'control', { node: 'node-a' })
    const findings = run({ nodes: [node2], pods: [control, p] })
    expect(ids(findings).filter((i) => i.endsWith(':no-limit'))).toEqual(['k8s-cpu-pressure:shop/control:no-limit'])
  })

  it('ranks the top 5 consumers by total usage (info), and no more', () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']
    const pods = names.map((n) => bound(n, 'node-a', '1m'))
    const podUsage = names.map((n, i) => usage(n, (i + 1) * 10))
    const top = run({ nodes: [node('node-a', { cpu: '64' })], pods, podUsage }).filter((f) => f.id.endsWith(':top'))
    expect(top.map((f) => [f.id, f.severity, f.evidence.rank, f.evidence.used])).toEqual([
      ['k8s-cpu-pressure:shop/p6:top', 'info', 1, '60m'],
      ['k8s-cpu-pressure:shop/p5:top', 'info', 2, '50m'],
      ['k8s-cpu-pressure:shop/p4:top', 'info', 3, '40m'],
      ['k8s-cpu-pressure:shop/p3:top', 'info', 4, '30m'],
      ['k8s-cpu-pressure:shop/p2:top', 'info', 5, '20m'],
    ])
  })
})

describe('k8s-cpu-pressure and missing data', () => {
  it.each([
    { state: 'the metrics API is absent (a note)', metrics: 'absent' as const, notes: [metricsAbsent] },
    { state: 'the metrics steps failed', metrics: 'failed' as const, notes: [] },
  ])('says usage was not seen when $state', ({ metrics, notes }) => {
    const f = only(run({ nodes: [node2], pods: [] }, {}, metrics), 'k8s-cpu-pressure:cluster:no-metrics')
    expect(f.severity).toBe('info')
    expect(f.resource).toEqual({ provider: 'kubernetes', type: 'cluster', id: 'cluster' })
    expect(f.evidence).toEqual({ notes })
  })

  it('says nothing about metrics when they were read', () => {
    expect(run({ nodes: [node2], pods: [] })).toEqual([])
  })

  it.each([
    { state: 'nodes', world: { pods: [bound('a', 'node-a', '1900m')] } },
    { state: 'pods', world: { nodes: [node2] } },
  ])('only reports a blind spot when $state could not be listed', ({ world }) => {
    const findings = run(world)
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['k8s-cpu-pressure:cluster:not-seen:nodes', 'info']])
  })
})

describe('k8s-cpu-pressure counts init containers the way the scheduler does', () => {
  // The scheduler (and `kubectl describe node`) reserves a pod's effective request for its whole life:
  // max(app containers + sidecars, the peak of each init container beside the sidecars started before it).
  // Once missed: only app containers were summed, so a node 90% reserved by an init container read as 5%.
  const app = (cpu: string): ContainerSpec => ({ name: 'app', requests: { cpu }, limits: { cpu } })
  const init = (name: string, cpu: string, sidecar = false): ContainerSpec => ({
    name,
    requests: { cpu },
    limits: { cpu },
    ...(sidecar ? { restartPolicy: 'Always' as const } : {}),
  })
  it.each([
    {
      state: 'an init container larger than the app containers → its request',
      initContainers: [init('warm-cache', '1800m')],
      containers: [app('100m')],
      requested: '1800m',
      percent: 90,
    },
    {
      state: 'the largest of several init containers, not their sum',
      initContainers: [init('migrate', '1000m'), init('warm-cache', '1700m')],
      containers: [app('100m')],
      requested: '1700m',
      percent: 85,
    },
    {
      state: 'app containers larger than every init container → their sum',
      initContainers: [init('migrate', '500m')],
      containers: [app('1600m')],
      requested: '1600m',
      percent: 80,
    },
    {
      state: 'a sidecar (restartPolicy Always) adds to the app containers',
      initContainers: [init('proxy', '400m', true)],
      containers: [app('1200m')],
      requested: '1600m',
      percent: 80,
    },
    {
      state: 'an init container after a sidecar runs beside it',
      initContainers: [init('proxy', '400m', true), init('warm-cache', '1400m')],
      containers: [app('100m')],
      requested: '1800m',
      percent: 90,
    },
  ])('$state', ({ initContainers, containers, requested, percent }) => {
    const p = pod('shop', 'warmup', { node: 'node-a', initContainers, containers })
    const f = only(run({ nodes: [node2], pods: [p] }), 'k8s-cpu-pressure:node-a:requests')
    expect(f.evidence).toMatchObject({ requested, percent })
  })

  it.each([
    {
      state: 'an init container smaller than the app containers (79% requested)',
      initContainers: [init('migrate', '1500m')],
      containers: [app('1580m')],
    },
    {
      state: 'an init container that ran before a sidecar was started (not beside it)',
      initContainers: [init('warm-cache', '1500m'), init('proxy', '100m', true)],
      containers: [app('100m')],
    },
  ])('does not flag $state', ({ initContainers, containers }) => {
    const p = pod('shop', 'warmup', { node: 'node-a', initContainers, containers })
    expect(nodeOnly(run({ nodes: [node2], pods: [p] }))).toEqual([])
  })
})
