// The pressure checks k8s-cpu-pressure and k8s-memory-pressure share (src/analyzers/k8s-resource-pressure.ts), run
// for each resource: the exact words a person reads (CPU or memory), thresholds exactly at their edges, and objects
// with parts missing. The analyzers' own tests cover them as their playbooks run them.
import type { V1Node, V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type { NodeUsage } from '../../src/actions/k8s/metrics-node-usage.js'
import type { PodUsage } from '../../src/actions/k8s/metrics-pod-usage.js'
import { resourcePressure } from '../../src/analyzers/k8s-resource-pressure.js'
import type { Finding } from '../../src/analyzers/types.js'
import { analysisOf, node, out, pod } from './support.js'

const Mi = 2 ** 20
const Gi = 2 ** 30

interface World {
  nodes: V1Node[]
  pods: V1Pod[]
  nodeUsage?: NodeUsage[] | null
  podUsage?: PodUsage[] | null
}

const check = (r: 'cpu' | 'memory', w: World, threshold = 80) =>
  resourcePressure(
    `test-${r}`,
    r,
    {
      nodes: out(w.nodes),
      pods: out(w.pods),
      node_usage: w.nodeUsage === null ? undefined : out(w.nodeUsage ?? []),
      pod_usage: w.podUsage === null ? undefined : out(w.podUsage ?? []),
    },
    threshold,
  )

const byId = (fs: Finding[], suffix: string) => fs.filter((f) => f.id.endsWith(suffix))

/** Each resource: a node of 2 CPUs / 2Gi, quantities for it, a usage reading, and the words said about it. */
const resources = [
  {
    r: 'cpu' as const,
    label: 'CPU',
    nodeSpec: { cpu: '2' },
    q: (fraction: number) => `${Math.round(2000 * fraction)}m`,
    use: (fraction: number) => ({ cpu_millicores: Math.round(2000 * fraction) }),
    shown: (fraction: number) => `${Math.round(2000 * fraction)}m`,
    risk: '(throttling likely)',
    alloc: '2000m',
  },
  {
    r: 'memory' as const,
    label: 'memory',
    nodeSpec: { memory: '2Gi' },
    q: (fraction: number) => `${Math.round(2048 * fraction)}Mi`,
    use: (fraction: number) => ({ memory_bytes: Math.round(2048 * fraction) * Mi }),
    shown: (fraction: number) => {
      const v = Math.round(2048 * fraction) * Mi
      return v >= Gi ? `${(v / Gi).toFixed(1)}Gi` : `${Math.round(v / Mi)}Mi`
    },
    risk: '(OOM kill risk)',
    alloc: '2.0Gi',
  },
]

describe.each(resources)('resourcePressure($r)', ({ r, label, nodeSpec, q, use, shown, risk, alloc }) => {
  const limited = (name: string, request: number, limit = request, nodeName = 'node-a') =>
    pod('shop', name, {
      node: nodeName,
      containers: [
        {
          name: 'app',
          requests: { cpu: '1m', memory: '1Mi', [r]: q(request) },
          limits: { cpu: '1m', memory: '1Mi', [r]: q(limit) },
        },
      ],
    })
  const podUse = (name: string, fraction: number, container = 'app'): PodUsage => ({
    namespace: 'shop',
    name,
    containers: [{ name: container, ...use(fraction) }],
  })
  const n = node('node-a', nodeSpec)

  it('requests at exactly 100% of allocatable are critical, and say so in words', () => {
    const f = byId(check(r, { nodes: [n], pods: [limited('a', 0.5), limited('b', 0.5)] }), ':requests')
    expect(f).toEqual([
      {
        id: `test-${r}:node-a:requests`,
        severity: 'critical',
        title: `Node node-a: 100% of allocatable ${label} is requested`,
        resource: { provider: 'kubernetes', type: 'node', id: 'node-a' },
        evidence: { requested: shown(1), allocatable: alloc, percent: 100 },
        recommendation: `Add nodes or capacity, or lower the ${label} requests of the largest pods on it.`,
      },
    ])
  })

  it('requests at 99% are high; at exactly the threshold high; just under it nothing', () => {
    expect(byId(check(r, { nodes: [n], pods: [limited('a', 0.99)] }), ':requests').map((x) => x.severity)).toEqual([
      'high',
    ])
    expect(byId(check(r, { nodes: [n], pods: [limited('a', 0.6)] }, 60), ':requests').map((x) => x.severity)).toEqual([
      'high',
    ])
    expect(byId(check(r, { nodes: [n], pods: [limited('a', 0.59)] }, 60), ':requests')).toEqual([])
  })

  it('usage at exactly the threshold is high; at 95% critical; just under the threshold nothing', () => {
    const at = (fraction: number) =>
      byId(check(r, { nodes: [n], pods: [], nodeUsage: [{ name: 'node-a', ...use(fraction) }] }), ':usage')
    expect(at(0.8)).toEqual([
      {
        id: `test-${r}:node-a:usage`,
        severity: 'high',
        title: `Node node-a is using 80% of its allocatable ${label}`,
        resource: { provider: 'kubernetes', type: 'node', id: 'node-a' },
        evidence: { used: shown(0.8), allocatable: alloc, percent: 80 },
        recommendation: `Find the top ${label} consumers on it (below) and spread or scale them.`,
      },
    ])
    expect(at(0.95).map((x) => x.severity)).toEqual(['critical'])
    expect(at(0.94).map((x) => x.severity)).toEqual(['high'])
    expect(at(0.79)).toEqual([])
  })

  it('a node with no allocatable, or none of this resource, is not judged (not divided by zero)', () => {
    const zero = node('node-z', { cpu: '0', memory: '0' })
    const none: V1Node = { ...node('node-n'), status: { conditions: [] } }
    const f = check(r, {
      nodes: [zero, none],
      pods: [limited('a', 0.5, 0.5, 'node-z'), limited('b', 0.5, 0.5, 'node-n')],
      nodeUsage: [
        { name: 'node-z', ...use(0.5) },
        { name: 'node-n', ...use(0.5) },
      ],
    })
    expect(f.filter((x) => x.resource.type === 'node')).toEqual([])
  })

  it('pods on other nodes, or not yet placed, are not counted against a node', () => {
    const f = check(r, {
      nodes: [n],
      pods: [limited('a', 0.5), limited('b', 0.5, 0.5, 'node-b'), { ...limited('c', 0.5), spec: { containers: [] } }],
    })
    expect(byId(f, ':requests')).toEqual([])
  })

  it('containers without a limit: low, naming each of them', () => {
    const p = pod('shop', 'nolimit', {
      node: 'node-a',
      containers: [
        { name: 'app', requests: { [r]: q(0.1) } },
        { name: 'limited', limits: { cpu: '1', memory: '1Gi' } },
        { name: 'proxy' },
      ],
    })
    expect(byId(check(r, { nodes: [n], pods: [p] }), ':no-limit')).toEqual([
      {
        id: `test-${r}:shop/nolimit:no-limit`,
        severity: 'low',
        title: `Pod shop/nolimit has containers without a ${label} limit: app, proxy`,
        resource: { provider: 'kubernetes', type: 'pod', id: 'shop/nolimit', namespace: 'shop' },
        evidence: { containers: ['app', 'proxy'], node: 'node-a' },
        recommendation: `Set resources.limits.${r} (and requests) so one pod cannot starve its neighbours.`,
      },
    ])
  })

  it('a container at exactly the threshold of its limit is medium, with the risk named', () => {
    const f = byId(
      check(r, { nodes: [n], pods: [limited('web', 0.1, 0.5)], podUsage: [podUse('web', 0.4)] }),
      ':near-limit',
    )
    expect(f).toEqual([
      {
        id: `test-${r}:shop/web:app:near-limit`,
        severity: 'medium',
        title: `Container app in shop/web uses 80% of its ${label} limit ${risk}`,
        resource: { provider: 'kubernetes', type: 'pod', id: 'shop/web', namespace: 'shop' },
        evidence: { container: 'app', used: shown(0.4), limit: shown(0.5), percent: 80 },
        recommendation: `Raise its ${label} limit, or find why it needs more.`,
      },
    ])
    const under = check(r, { nodes: [n], pods: [limited('web', 0.1, 0.5)], podUsage: [podUse('web', 0.39)] })
    expect(byId(under, ':near-limit')).toEqual([])
  })

  it('usage is matched to its own container’s limit', () => {
    const p = pod('shop', 'two', {
      node: 'node-a',
      containers: [
        { name: 'small', requests: { [r]: q(0.05) }, limits: { cpu: '1m', memory: '1Mi', [r]: q(0.05) } },
        { name: 'big', requests: { [r]: q(0.5) }, limits: { cpu: '1m', memory: '1Mi', [r]: q(0.5) } },
      ],
    })
    const usage: PodUsage = {
      namespace: 'shop',
      name: 'two',
      containers: [
        { name: 'big', ...use(0.1) },
        { name: 'small', ...use(0.045) },
      ],
    }
    const f = byId(check(r, { nodes: [n], pods: [p], podUsage: [usage] }), ':near-limit')
    expect(f.map((x) => [x.id, x.evidence.percent])).toEqual([[`test-${r}:shop/two:small:near-limit`, 90]])
  })

  it('usage of a container with no limit, or without a figure for this resource, is not judged against a limit', () => {
    const p = pod('shop', 'p', { node: 'node-a', containers: [{ name: 'app', requests: { [r]: q(0.1) } }] })
    const q2 = limited('q', 0.1, 0.1)
    const other = r === 'cpu' ? { memory_bytes: 10 * Gi } : { cpu_millicores: 100_000 }
    const f = check(r, {
      nodes: [n],
      pods: [p, q2],
      podUsage: [podUse('p', 0.9), { namespace: 'shop', name: 'q', containers: [{ name: 'app', ...other }] }],
    })
    expect(byId(f, ':near-limit')).toEqual([])
  })

  it('top consumers are ranked from #1, by total usage, with the node they run on', () => {
    const f = byId(
      check(r, {
        nodes: [n],
        pods: [limited('a', 0.1, 1), limited('b', 0.1, 1), limited('c', 0.1, 1, 'node-b')],
        podUsage: [podUse('a', 0.1), podUse('b', 0.3), podUse('c', 0.2)],
      }),
      ':top',
    )
    expect(f).toEqual([
      {
        id: `test-${r}:shop/b:top`,
        severity: 'info',
        title: `Top ${label} consumer #1: shop/b uses ${shown(0.3)}`,
        resource: { provider: 'kubernetes', type: 'pod', id: 'shop/b', namespace: 'shop' },
        evidence: { used: shown(0.3), node: 'node-a', rank: 1 },
        recommendation: 'Informational.',
      },
      expect.objectContaining({
        id: `test-${r}:shop/c:top`,
        title: `Top ${label} consumer #2: shop/c uses ${shown(0.2)}`,
        evidence: { used: shown(0.2), node: 'node-b', rank: 2 },
      }),
      expect.objectContaining({
        id: `test-${r}:shop/a:top`,
        title: `Top ${label} consumer #3: shop/a uses ${shown(0.1)}`,
        evidence: { used: shown(0.1), node: 'node-a', rank: 3 },
      }),
    ])
  })

  it('usage missing: said once (info) when either metrics step failed or left a note', () => {
    const missing = (w: Partial<World>) =>
      byId(check(r, { nodes: [n], pods: [], ...w }), ':no-metrics').map((x) => [x.title, x.evidence])
    const said = [`Live ${label} usage not available: judged on requests and limits only`, { notes: [] }]
    expect(missing({ nodeUsage: null })).toEqual([said])
    expect(missing({ podUsage: null })).toEqual([said])
    expect(missing({})).toEqual([])
    const f = byId(check(r, { nodes: [n], pods: [], podUsage: null }), ':no-metrics')
    expect(f[0]).toMatchObject({
      id: `test-${r}:cluster:no-metrics`,
      severity: 'info',
      resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
      recommendation: expect.stringMatching(/metrics-server/),
    })
  })

  it('objects with parts missing are read as far as they go, never failing the analysis', () => {
    const nameless: V1Node = { ...node('x', nodeSpec), metadata: undefined }
    const specless: V1Pod = { ...pod('shop', 'bare'), spec: undefined }
    const f = check(r, {
      nodes: [nameless, n],
      pods: [specless],
      nodeUsage: [{ name: 'node-a', ...use(0.9) }],
      podUsage: [podUse('bare', 0.2)],
    })
    expect(f.map((x) => x.id)).toEqual([`test-${r}:node-a:usage`, `test-${r}:shop/bare:top`])
    expect(byId(f, ':top')[0]?.evidence).toEqual({ used: shown(0.2), node: undefined, rank: 1 })
  })

  it('usage of a pod whose spec lists no containers is not judged against limits', () => {
    const empty: V1Pod = { ...pod('shop', 'empty', { node: 'node-a' }), spec: {} as V1Pod['spec'] }
    const f = check(r, { nodes: [n], pods: [empty], podUsage: [podUse('empty', 0.5)] })
    expect(f.map((x) => x.id)).toEqual([`test-${r}:shop/empty:top`])
  })

  it('with neither nodes nor pods listed, says it could not see them', () => {
    const f = resourcePressure(`test-${r}`, r, { nodes: out([]), pods: undefined }, 80)
    expect(f.map((x) => [x.id, x.severity])).toEqual([[`test-${r}:cluster:not-seen:nodes`, 'info']])
    expect(resourcePressure(`test-${r}`, r, { nodes: undefined, pods: out([]) }, 80).map((x) => x.id)).toEqual([
      `test-${r}:cluster:not-seen:nodes`,
    ])
  })
})

describe('threshold_percent, as the pressure playbooks pass it', async () => {
  const cpu = await analysisOf('k8s-cpu-pressure', 'k8s-cpu-pressure')
  const memory = await analysisOf('k8s-memory-pressure', 'k8s-memory-pressure')
  const world = { nodes: out([node('node-a')]), pods: out([]), node_usage: out([]), pod_usage: out([]) }

  it.each([0, 101, 50.5, '80'])('refuses %j', (value) => {
    expect(() => cpu.run(world, { threshold_percent: value })).toThrow(/invalid with/)
    expect(() => memory.run(world, { threshold_percent: value })).toThrow(/invalid with/)
  })

  it.each([1, 100])('accepts %j', (value) => {
    expect(cpu.run(world, { threshold_percent: value })).toEqual([])
    expect(memory.run(world, { threshold_percent: value })).toEqual([])
  })
})
