// k8s-memory-pressure, as the k8s-memory-pressure playbook runs it: nodes and pods (required), node_usage and
// pod_usage (optional), threshold_percent from the playbook (default 80). Requests/usage/limits are shared with
// k8s-cpu-pressure (tested there in depth); here: MemoryPressure, OOMKilled, and memory quantities.
import type { V1Node, V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import type { NodeUsage } from '../../src/actions/k8s/metrics-node-usage.js'
import type { PodUsage } from '../../src/actions/k8s/metrics-pod-usage.js'
import {
  analysisOf,
  containerStatus as cs,
  ids,
  node,
  only,
  out,
  pod,
  podStatus,
  terminatedLast,
  when,
} from './support.js'

const analysis = await analysisOf('k8s-memory-pressure', 'k8s-memory-pressure')

interface World {
  nodes?: V1Node[]
  pods?: V1Pod[]
  nodeUsage?: NodeUsage[]
  podUsage?: PodUsage[]
}
const run = (w: World, params = {}) =>
  analysis.run(
    {
      nodes: w.nodes ? out(w.nodes) : undefined,
      pods: w.pods ? out(w.pods) : undefined,
      node_usage: out(w.nodeUsage ?? []),
      pod_usage: out(w.podUsage ?? []),
    },
    params,
  )
const Mi = 2 ** 20
const Gi = 2 ** 30

const limited = (name: string, nodeName: string, memory: string, status?: V1Pod['status']) =>
  pod('shop', name, {
    node: nodeName,
    containers: [{ name: 'app', requests: { cpu: '10m', memory }, limits: { cpu: '10m', memory } }],
    ...(status ? { status } : {}),
  })
const oomLast = (restarts: number) =>
  podStatus.withContainers('Running', [cs.running('app', restarts, terminatedLast('OOMKilled', 137))])
const memoryPressure = { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory' }

describe('k8s-memory-pressure flags', () => {
  it.each([
    {
      state: 'a node reporting MemoryPressure → critical',
      world: {
        nodes: [node('node-a', { conditions: [{ ...memoryPressure, message: 'memory available < 100Mi' }] })],
        pods: [],
      },
      id: 'k8s-memory-pressure:node-a:condition',
      severity: 'critical',
      resource: { provider: 'kubernetes', type: 'node', id: 'node-a' },
      evidence: { reason: 'KubeletHasInsufficientMemory', message: 'memory available < 100Mi' },
    },
    {
      state: 'a container OOMKilled last time and running again → high',
      world: { nodes: [node('node-a')], pods: [limited('leaky', 'node-a', '128Mi', oomLast(3))] },
      id: 'k8s-memory-pressure:shop/leaky:app:oomkilled',
      severity: 'high',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/leaky', namespace: 'shop' },
      evidence: {
        container: 'app',
        exit_code: 137,
        restarts: 3,
        memory_limit: '128Mi',
        finished_at: when.toISOString(),
      },
    },
    {
      state: 'a container OOMKilled now (a Failed job pod, never restarted) → high',
      world: {
        nodes: [node('node-a')],
        pods: [
          limited(
            'etl',
            'node-a',
            '1Gi',
            podStatus.withContainers('Failed', [cs.terminated('app', 'OOMKilled', 137, 0)]),
          ),
        ],
      },
      id: 'k8s-memory-pressure:shop/etl:app:oomkilled',
      severity: 'high',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/etl', namespace: 'shop' },
      evidence: { exit_code: 137, restarts: 0, memory_limit: '1Gi' },
    },
    {
      state: 'an OOMKilled container without a memory limit (node OOM) → high, limit null',
      world: {
        nodes: [node('node-a')],
        pods: [
          pod('shop', 'greedy', {
            node: 'node-a',
            containers: [{ name: 'app', requests: { memory: '64Mi' } }],
            status: oomLast(1),
          }),
        ],
      },
      id: 'k8s-memory-pressure:shop/greedy:app:oomkilled',
      severity: 'high',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/greedy', namespace: 'shop' },
      evidence: { memory_limit: null, restarts: 1 },
      also: ['k8s-memory-pressure:shop/greedy:no-limit'],
    },
    {
      state: 'memory requests at 88% of a node’s allocatable → high, in Gi',
      world: {
        nodes: [node('node-a', { memory: '4Gi' })],
        pods: [limited('a', 'node-a', '2Gi'), limited('b', 'node-a', '1536Mi')],
      },
      id: 'k8s-memory-pressure:node-a:requests',
      severity: 'high',
      resource: { provider: 'kubernetes', type: 'node', id: 'node-a' },
      evidence: { requested: '3.5Gi', allocatable: '4.0Gi', percent: 88 },
    },
    {
      state: 'an init container’s memory request larger than its app’s counts (the scheduler reserves it) → high',
      world: {
        nodes: [node('node-a', { memory: '4Gi' })],
        pods: [
          pod('shop', 'loader', {
            node: 'node-a',
            initContainers: [{ name: 'load', requests: { memory: '3584Mi' }, limits: { memory: '3584Mi' } }],
            containers: [
              { name: 'app', requests: { cpu: '10m', memory: '256Mi' }, limits: { cpu: '10m', memory: '256Mi' } },
            ],
          }),
        ],
      },
      id: 'k8s-memory-pressure:node-a:requests',
      severity: 'high',
      resource: { provider: 'kubernetes', type: 'node', id: 'node-a' },
      evidence: { requested: '3.5Gi', allocatable: '4.0Gi', percent: 88 },
    },
    {
      state: 'memory usage at 98% of a node’s allocatable → critical',
      world: {
        nodes: [node('node-a', { memory: '4Gi' })],
        pods: [],
        nodeUsage: [{ name: 'node-a', memory_bytes: 3.9 * Gi }],
      },
      id: 'k8s-memory-pressure:node-a:usage',
      severity: 'critical',
      resource: { provider: 'kubernetes', type: 'node', id: 'node-a' },
      evidence: { used: '3.9Gi', allocatable: '4.0Gi', percent: 98 },
    },
    {
      state: 'a container at 94% of its memory limit → medium (OOM kill risk)',
      world: {
        nodes: [node('node-a')],
        pods: [limited('web', 'node-a', '128Mi')],
        podUsage: [{ namespace: 'shop', name: 'web', containers: [{ name: 'app', memory_bytes: 120 * Mi }] }],
      },
      id: 'k8s-memory-pressure:shop/web:app:near-limit',
      severity: 'medium',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/web', namespace: 'shop' },
      evidence: { container: 'app', used: '120Mi', limit: '128Mi', percent: 94 },
    },
    {
      state: 'a pod with a container without a memory limit (CPU limit only) → low',
      world: {
        nodes: [node('node-a')],
        pods: [pod('shop', 'nolimit', { node: 'node-a', containers: [{ name: 'app', limits: { cpu: '1' } }] })],
      },
      id: 'k8s-memory-pressure:shop/nolimit:no-limit',
      severity: 'low',
      resource: { provider: 'kubernetes', type: 'pod', id: 'shop/nolimit', namespace: 'shop' },
      evidence: { containers: ['app'], node: 'node-a' },
    },
  ])('$state', ({ world, id, severity, resource, evidence, also }) => {
    const findings = run(world).filter((f) => !f.id.endsWith(':top'))
    expect(ids(findings)).toEqual([id, ...(also ?? [])])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual(resource)
    expect(f.evidence).toMatchObject(evidence)
  })
})

describe('k8s-memory-pressure does not flag (next to what it does)', () => {
  const hot = node('node-hot', { conditions: [memoryPressure] })
  it.each([
    { state: 'a node with MemoryPressure False', world: { nodes: [node('node-a')], pods: [] } },
    {
      state: 'a node with DiskPressure True (not memory)',
      world: { nodes: [node('node-a', { conditions: [{ type: 'DiskPressure', status: 'True' }] })], pods: [] },
    },
    {
      state: 'a container that last exited with Error, not OOMKilled',
      world: {
        nodes: [node('node-a')],
        pods: [
          limited(
            'crashy',
            'node-a',
            '128Mi',
            podStatus.withContainers('Running', [cs.running('app', 9, terminatedLast('Error', 1))]),
          ),
        ],
      },
    },
    {
      state: 'a Completed job container',
      world: {
        nodes: [node('node-a')],
        pods: [
          limited(
            'job',
            'node-a',
            '128Mi',
            podStatus.withContainers('Succeeded', [cs.terminated('app', 'Completed', 0)]),
          ),
        ],
      },
    },
    {
      state: 'memory requests at 75% of allocatable',
      world: { nodes: [node('node-a', { memory: '4Gi' })], pods: [limited('a', 'node-a', '3Gi')] },
    },
    {
      state: 'memory usage at 75% of allocatable',
      world: {
        nodes: [node('node-a', { memory: '4Gi' })],
        pods: [],
        nodeUsage: [{ name: 'node-a', memory_bytes: 3 * Gi }],
      },
    },
    {
      state: 'a container at 50% of its memory limit',
      world: {
        nodes: [node('node-a')],
        pods: [limited('web', 'node-a', '128Mi')],
        podUsage: [{ namespace: 'shop', name: 'web', containers: [{ name: 'app', memory_bytes: 64 * Mi }] }],
      },
    },
  ])('$state', ({ world }) => {
    const findings = run({ ...world, nodes: [hot, ...world.nodes] }).filter((f) => !f.id.endsWith(':top'))
    expect(ids(findings)).toEqual(['k8s-memory-pressure:node-hot:condition'])
  })
})

describe('k8s-memory-pressure with a list step failed', () => {
  it('still reports OOMKilled pods when nodes could not be listed, and says nodes were not seen', () => {
    const findings = run({ pods: [limited('leaky', 'node-a', '128Mi', oomLast(2))] })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['k8s-memory-pressure:shop/leaky:app:oomkilled', 'high'],
      ['k8s-memory-pressure:cluster:not-seen:nodes', 'info'],
    ])
  })

  it('still reports MemoryPressure when pods could not be listed', () => {
    const findings = run({ nodes: [node('node-a', { conditions: [memoryPressure] })] })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['k8s-memory-pressure:node-a:condition', 'critical'],
      ['k8s-memory-pressure:cluster:not-seen:nodes', 'info'],
    ])
  })
})

describe('k8s-memory-pressure: what a person reads', () => {
  it('MemoryPressure and an OOM kill, in words, with their advice', () => {
    const findings = run({
      nodes: [node('node-a', { conditions: [memoryPressure] })],
      pods: [limited('leaky', 'node-a', '128Mi', oomLast(3))],
    })
    const byId = Object.fromEntries(findings.map((f) => [f.id, f]))
    expect(byId['k8s-memory-pressure:node-a:condition']).toMatchObject({
      title: 'Node node-a reports MemoryPressure: the kubelet is evicting pods',
      recommendation: expect.stringMatching(/evictions/),
    })
    expect(byId['k8s-memory-pressure:shop/leaky:app:oomkilled']).toMatchObject({
      title: 'Container app in shop/leaky was OOMKilled (restarts: 3)',
      recommendation: expect.stringMatching(/real peak/),
    })
  })

  it('MemoryPressure False or Unknown is not reported', () => {
    const nodes = ['False', 'Unknown'].map((status, i) =>
      node(`node-${i}`, { conditions: [{ type: 'MemoryPressure', status }] }),
    )
    expect(run({ nodes, pods: [] })).toEqual([])
  })

  it('an OOM kill now is read from the current state, with the limit of that very container', () => {
    const p = pod('shop', 'two', {
      node: 'node-a',
      containers: [
        { name: 'app', requests: { memory: '64Mi' }, limits: { cpu: '1', memory: '64Mi' } },
        { name: 'worker', requests: { memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      ],
      status: podStatus.withContainers('Failed', [cs.running('app'), cs.terminated('worker', 'OOMKilled', 137, 0)]),
    })
    const f = only(run({ nodes: [node('node-a')], pods: [p] }), 'k8s-memory-pressure:shop/two:worker:oomkilled')
    expect(f.evidence).toEqual({
      container: 'worker',
      exit_code: 137,
      finished_at: when.toISOString(),
      restarts: 0,
      memory_limit: '1Gi',
    })
  })

  it('a current OOM kill wins over an older last state; a last state that was not an OOM kill is not one', () => {
    const s = { ...cs.terminated('app', 'OOMKilled', 137, 2), lastState: terminatedLast('Error', 1) }
    const p = limited('x', 'node-a', '128Mi', podStatus.withContainers('Running', [s]))
    expect(
      only(run({ nodes: [node('node-a')], pods: [p] }), 'k8s-memory-pressure:shop/x:app:oomkilled').evidence,
    ).toMatchObject({
      exit_code: 137,
    })
    const errored = { ...cs.terminated('app', 'Error', 2, 2), lastState: terminatedLast('Completed', 0) }
    const q = limited('y', 'node-a', '128Mi', podStatus.withContainers('Running', [errored]))
    expect(run({ nodes: [node('node-a')], pods: [q] }).filter((f) => f.id.endsWith(':oomkilled'))).toEqual([])
  })

  it('an OOM kill with no finish time, in a pod with no spec, still reports (limit null)', () => {
    const s = { ...cs.running('app', 1), lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }
    const p: V1Pod = { ...pod('shop', 'bare'), spec: undefined, status: { phase: 'Running', containerStatuses: [s] } }
    const f = only(run({ nodes: [node('node-a')], pods: [p] }), 'k8s-memory-pressure:shop/bare:app:oomkilled')
    expect(f.evidence).toEqual({
      container: 'app',
      exit_code: 137,
      finished_at: undefined,
      restarts: 1,
      memory_limit: null,
    })
  })

  it('a node with no name, and a pod with no status, are read without failing', () => {
    const nameless: V1Node = { ...node('x', { conditions: [memoryPressure] }), metadata: undefined }
    const f = run({ nodes: [nameless], pods: [{ ...pod('shop', 'p'), status: undefined }] })
    expect(f.filter((x) => x.id.endsWith(':condition')).map((x) => x.id)).toEqual(['k8s-memory-pressure::condition'])
  })

  it.each([0, 101])('refuses threshold_percent %j', (threshold_percent) => {
    expect(() => run({ nodes: [], pods: [] }, { threshold_percent })).toThrow(/invalid with/)
  })

  it('its threshold is 80 by default and can be set', () => {
    const w = { nodes: [node('node-a', { memory: '4Gi' })], pods: [limited('a', 'node-a', '3Gi')] }
    expect(ids(run(w)).filter((id) => id.endsWith(':requests'))).toEqual([])
    expect(ids(run(w, { threshold_percent: 75 })).filter((id) => id.endsWith(':requests'))).toEqual([
      'k8s-memory-pressure:node-a:requests',
    ])
  })
})

describe('k8s-memory-pressure: partial objects', () => {
  it('a node with no conditions reported is not under pressure', () => {
    const n = node('node-a')
    expect(run({ nodes: [{ ...n, status: { ...n.status, conditions: undefined } }], pods: [] })).toEqual([])
  })

  it('an OOM kill is reported with a null limit wherever the container’s limit cannot be read', () => {
    const oom = podStatus.withContainers('Running', [cs.running('app', 1, terminatedLast('OOMKilled', 137))])
    const noResources = pod('shop', 'a', { node: 'node-a', status: oom })
    delete noResources.spec?.containers[0]?.resources
    const notInSpec = pod('shop', 'b', { node: 'node-a', containers: [{ name: 'other' }], status: oom })
    const noContainers = { ...pod('shop', 'c', { node: 'node-a', status: oom }), spec: {} } as V1Pod
    const { state: _, ...stateless } = cs.running('app', 2, terminatedLast('OOMKilled', 137))
    const noState = pod('shop', 'd', { node: 'node-a', status: { phase: 'Running', containerStatuses: [stateless] } })
    const f = run({ nodes: [node('node-a')], pods: [noResources, notInSpec, noContainers, noState] })
    expect(f.filter((x) => x.id.endsWith(':oomkilled')).map((x) => [x.id, x.evidence.memory_limit])).toEqual([
      ['k8s-memory-pressure:shop/a:app:oomkilled', null],
      ['k8s-memory-pressure:shop/b:app:oomkilled', null],
      ['k8s-memory-pressure:shop/c:app:oomkilled', null],
      ['k8s-memory-pressure:shop/d:app:oomkilled', null],
    ])
  })
})
