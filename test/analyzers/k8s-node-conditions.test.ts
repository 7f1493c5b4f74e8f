// k8s-node-conditions, as the k8s-node-health playbook runs it: nodes from k8s.nodes.list, no options.
import type { V1Node } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, node, only, out, when } from './support.js'

const analysis = await analysisOf('k8s-node-health', 'k8s-node-conditions')
const run = (nodes: V1Node[] | undefined) => analysis.run({ nodes: nodes ? out(nodes) : undefined })
const resource = (name: string) => ({ provider: 'kubernetes', type: 'node', id: name })

describe('k8s-node-conditions flags', () => {
  it.each([
    {
      state: 'Ready=False → critical, with the kubelet’s reason',
      n: node('node-a', {
        ready: { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' },
      }),
      id: 'k8s-node-conditions:node-a:not-ready',
      severity: 'critical',
      evidence: {
        status: 'False',
        reason: 'KubeletNotReady',
        message: 'container runtime is down',
        since: when.toISOString(),
      },
    },
    {
      state: 'Ready=Unknown (kubelet stopped posting) → critical',
      n: node('node-a', {
        ready: { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting' },
      }),
      id: 'k8s-node-conditions:node-a:not-ready',
      severity: 'critical',
      evidence: { status: 'Unknown', reason: 'NodeStatusUnknown' },
    },
    {
      state: 'no Ready condition at all → critical, status null',
      n: node('node-a', { ready: null }),
      id: 'k8s-node-conditions:node-a:not-ready',
      severity: 'critical',
      evidence: { status: null },
    },
    ...['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'].map((type) => ({
      state: `${type}=True → high`,
      n: node('node-a', { conditions: [{ type, status: 'True', reason: `Kubelet${type}`, message: `${type} now` }] }),
      id: `k8s-node-conditions:node-a:${type}`,
      severity: 'high',
      evidence: { reason: `Kubelet${type}`, message: `${type} now` },
    })),
    {
      state: 'cordoned (unschedulable) → medium, with its taints',
      n: node('node-a', {
        unschedulable: true,
        taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: when }],
      }),
      id: 'k8s-node-conditions:node-a:cordoned',
      severity: 'medium',
      evidence: { taints: ['node.kubernetes.io/unschedulable:NoSchedule'] },
    },
  ])('$state', ({ n, id, severity, evidence }) => {
    const findings = run([n])
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual(resource('node-a'))
    expect(f.evidence).toMatchObject(evidence)
  })

  it('reports each problem of one node separately', () => {
    const n = node('node-a', {
      ready: { type: 'Ready', status: 'False', reason: 'KubeletNotReady' },
      conditions: [{ type: 'DiskPressure', status: 'True' }],
      unschedulable: true,
    })
    expect(run([n]).map((f) => [f.id, f.severity])).toEqual([
      ['k8s-node-conditions:node-a:not-ready', 'critical'],
      ['k8s-node-conditions:node-a:DiskPressure', 'high'],
      ['k8s-node-conditions:node-a:cordoned', 'medium'],
    ])
  })
})

describe('k8s-node-conditions does not flag (next to a NotReady node it does)', () => {
  const down = node('node-down', { ready: { type: 'Ready', status: 'False', reason: 'KubeletNotReady' } })
  it.each([
    { state: 'a Ready node with every pressure False', n: node('node-ok') },
    {
      state: 'NetworkUnavailable=False (the CNI set the route up)',
      n: node('node-ok', { conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' }] }),
    },
    {
      state: 'a schedulable node tainted for dedicated workloads',
      n: node('node-ok', { unschedulable: false, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
    },
  ])('$state', ({ n }) => {
    expect(ids(run([down, n]))).toEqual(['k8s-node-conditions:node-down:not-ready'])
  })
})

describe('k8s-node-conditions when nodes could not be listed', () => {
  it('says so (info)', () => {
    expect(run(undefined).map((f) => [f.id, f.severity])).toEqual([
      ['k8s-node-conditions:cluster:not-seen:nodes', 'info'],
    ])
  })
})

describe('k8s-node-conditions: what a person reads', () => {
  it.each([
    {
      state: 'Ready=False with a reason',
      ready: { type: 'Ready', status: 'False', reason: 'KubeletNotReady' },
      title: 'Node node-a is NotReady (False: KubeletNotReady)',
    },
    {
      state: 'Ready=Unknown, no reason',
      ready: { type: 'Ready', status: 'Unknown' },
      title: 'Node node-a is NotReady (Unknown)',
    },
    { state: 'no Ready condition', ready: null, title: 'Node node-a is NotReady (no Ready condition)' },
  ])('$state: "$title"', ({ ready, title }) => {
    const [f] = run([node('node-a', { ready })])
    expect(f?.title).toBe(title)
    expect(f?.recommendation).toMatch(/kubelet and container runtime/)
  })

  it('a pressure names its condition; cordoned says so; each with its advice', () => {
    const n = node('node-a', { conditions: [{ type: 'PIDPressure', status: 'True' }], unschedulable: true })
    expect(run([n]).map((f) => [f.title, f.recommendation])).toEqual([
      ['Node node-a reports PIDPressure', expect.stringMatching(/add capacity/)],
      ['Node node-a is cordoned (unschedulable)', expect.stringMatching(/Uncordon/)],
    ])
  })

  it('a cordoned node without taints lists none', () => {
    expect(
      only(run([node('node-a', { unschedulable: true })]), 'k8s-node-conditions:node-a:cordoned').evidence,
    ).toEqual({
      taints: [],
    })
  })

  it('a NotReady condition with no transition time gives no since', () => {
    const n = node('node-a')
    const conditions = n.status?.conditions?.map((c) =>
      c.type === 'Ready' ? { type: 'Ready', status: 'False', reason: 'KubeletNotReady' } : c,
    )
    const f = only(run([{ ...n, status: { ...n.status, conditions } }]), 'k8s-node-conditions:node-a:not-ready')
    expect(f.evidence).toEqual({ status: 'False', reason: 'KubeletNotReady', message: undefined, since: undefined })
  })

  it('other conditions that are True (a node problem detector’s) are not pressures', () => {
    const n = node('node-a', {
      conditions: [
        { type: 'KernelDeadlock', status: 'True' },
        { type: 'ReadonlyFilesystem', status: 'True' },
      ],
    })
    expect(run([n])).toEqual([])
  })

  it('a node object with no metadata, spec or status is NotReady, and read without failing', () => {
    expect(run([{}]).map((f) => [f.id, f.title])).toEqual([
      ['k8s-node-conditions::not-ready', 'Node  is NotReady (no Ready condition)'],
    ])
  })
})
