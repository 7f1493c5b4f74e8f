// Reading pods and nodes as the scheduler does (src/analyzers/k8s-util.ts): keys, resource types, what a pod
// reserves with init containers and sidecars, and objects with parts missing.
import type { V1Node } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import {
  allocatable,
  condition,
  containerValue,
  formatValue,
  isActive,
  isoTime,
  objectResourceType,
  podKey,
  podRequest,
  podResource,
} from '../../src/analyzers/k8s-util.js'
import { node, pod } from './support.js'

describe('podKey and podResource', () => {
  it('namespace/name', () => {
    expect(podKey(pod('shop', 'api'))).toBe('shop/api')
    expect(podResource(pod('shop', 'api'))).toStrictEqual({
      provider: 'kubernetes',
      type: 'pod',
      id: 'shop/api',
      namespace: 'shop',
    })
  })

  it('a pod with parts of its metadata missing still has a key', () => {
    expect(podKey({ metadata: { name: 'api' } })).toBe('/api')
    expect(podKey({ metadata: { namespace: 'shop' } })).toBe('shop/')
    expect(podKey({})).toBe('/')
    expect(podResource({})).toEqual({ provider: 'kubernetes', type: 'pod', id: '/', namespace: undefined })
  })
})

describe('objectResourceType', () => {
  it.each([
    ['Node', 'node'],
    ['Pod', 'pod'],
    ['Deployment', 'deployment'],
    ['ReplicaSet', 'replicaset'],
    ['StatefulSet', 'statefulset'],
    ['DaemonSet', 'daemonset'],
    ['Job', 'job'],
    ['CronJob', 'cronjob'],
    ['Service', 'service'],
    ['Endpoints', 'endpoints'],
    ['Ingress', 'ingress'],
    ['PersistentVolumeClaim', 'persistentvolumeclaim'],
    ['PersistentVolume', 'persistentvolume'],
    ['HorizontalPodAutoscaler', 'horizontalpodautoscaler'],
    ['PodDisruptionBudget', 'poddisruptionbudget'],
    ['Namespace', 'namespace'],
    ['node', 'node'],
    ['EndpointSlice', 'object'],
    ['VirtualService', 'object'],
    ['', 'object'],
    [undefined, 'object'],
  ])('%j → %s', (kind, type) => {
    expect(objectResourceType(kind)).toBe(type)
  })
})

describe('isActive', () => {
  it.each([
    ['Running', true],
    ['Pending', true],
    ['Unknown', true],
    ['Succeeded', false],
    ['Failed', false],
  ])('%s → %s', (phase, active) => {
    expect(isActive(pod('shop', 'p', { status: { phase } }))).toBe(active)
  })

  it('a pod with no status yet holds its resources', () => {
    expect(isActive({ metadata: { name: 'p' } })).toBe(true)
  })
})

describe('containerValue', () => {
  const c = { name: 'app', resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: '256Mi' } } }

  it('reads requests and limits, CPU in millicores and memory in bytes', () => {
    expect(containerValue(c, 'requests', 'cpu')).toBe(250)
    expect(containerValue(c, 'requests', 'memory')).toBe(128 * 2 ** 20)
    expect(containerValue(c, 'limits', 'memory')).toBe(256 * 2 ** 20)
  })

  it('is undefined where nothing is set', () => {
    expect(containerValue(c, 'limits', 'cpu')).toBeUndefined()
    expect(containerValue({ name: 'app', resources: {} }, 'limits', 'cpu')).toBeUndefined()
    expect(containerValue({ name: 'app' }, 'requests', 'memory')).toBeUndefined()
  })
})

describe('podRequest', () => {
  it('sums the app containers', () => {
    const p = pod('shop', 'p', {
      containers: [{ name: 'a', requests: { cpu: '100m' } }, { name: 'b', requests: { cpu: '200m' } }, { name: 'c' }],
    })
    expect(podRequest(p, 'cpu')).toBe(300)
  })

  it('an init container larger than the app is what the pod reserves', () => {
    const p = pod('shop', 'p', {
      initContainers: [{ name: 'load', requests: { cpu: '2' } }],
      containers: [{ name: 'app', requests: { cpu: '500m' } }],
    })
    expect(podRequest(p, 'cpu')).toBe(2000)
  })

  it('a sidecar runs beside the app and is counted once', () => {
    const p = pod('shop', 'p', {
      initContainers: [{ name: 'proxy', requests: { cpu: '500m' }, restartPolicy: 'Always' }],
      containers: [{ name: 'app', requests: { cpu: '100m' } }],
    })
    expect(podRequest(p, 'cpu')).toBe(600)
  })

  it('an init container after a sidecar runs beside it', () => {
    const p = pod('shop', 'p', {
      initContainers: [
        { name: 'proxy', requests: { memory: '1Gi' }, restartPolicy: 'Always' },
        { name: 'migrate', requests: { memory: '2Gi' } },
      ],
      containers: [{ name: 'app', requests: { memory: '512Mi' } }],
    })
    expect(podRequest(p, 'memory')).toBe(3 * 2 ** 30)
  })

  it('a pod with no spec reserves nothing', () => {
    expect(podRequest({ metadata: { name: 'p' } }, 'cpu')).toBe(0)
    expect(podRequest({ metadata: { name: 'p' }, spec: { containers: [] } }, 'memory')).toBe(0)
  })
})

describe('allocatable and condition', () => {
  it('read the node’s status', () => {
    const n = node('n1', { cpu: '4', memory: '16Gi' })
    expect(allocatable(n, 'cpu')).toBe(4000)
    expect(allocatable(n, 'memory')).toBe(16 * 2 ** 30)
    expect(condition(n, 'Ready')).toMatchObject({ type: 'Ready', status: 'True' })
    expect(condition(n, 'DiskPressure')).toMatchObject({ type: 'DiskPressure', status: 'False' })
    expect(condition(n, 'NetworkUnavailable')).toBeUndefined()
  })

  it('are undefined for a node with no status, or none of them', () => {
    const bare: V1Node = { metadata: { name: 'n1' } }
    expect(allocatable(bare, 'cpu')).toBeUndefined()
    expect(condition(bare, 'Ready')).toBeUndefined()
    const empty: V1Node = { metadata: { name: 'n1' }, status: {} }
    expect(allocatable(empty, 'memory')).toBeUndefined()
    expect(condition(empty, 'Ready')).toBeUndefined()
  })
})

describe('formatValue', () => {
  it.each([
    ['cpu', 250, '250m'],
    ['cpu', 4000, '4000m'],
    ['memory', 512 * 2 ** 20, '512Mi'],
    ['memory', 2 ** 30 - 2 ** 20, '1023Mi'],
    ['memory', 2 ** 30, '1.0Gi'],
    ['memory', 1.5 * 2 ** 30, '1.5Gi'],
  ] as const)('%s %d → %s', (r, v, shown) => {
    expect(formatValue(r, v)).toBe(shown)
  })
})

describe('isoTime', () => {
  it.each([
    ['a Date', new Date('2026-11-20T10:00:00Z'), '2026-11-20T10:00:00.000Z'],
    ['its string, as read back from JSON', '2026-11-20T11:00:00+01:00', '2026-11-20T10:00:00.000Z'],
    ['missing', undefined, undefined],
    ['null', null, undefined],
    ['unreadable', 'yesterday', undefined],
  ])('%s', (_, t, want) => {
    expect(isoTime(t)).toBe(want)
  })
})
