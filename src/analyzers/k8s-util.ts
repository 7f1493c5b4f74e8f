// Reading pods and nodes the way the Kubernetes scheduler does. Pure.
import type { V1Container, V1Node, V1Pod } from '@kubernetes/client-node'
import { bytes, millicores } from '../util/quantity.js'
import { type KubernetesObjectKind, type KubernetesResourceType, kubernetesObjectKinds } from './resource-types.js'
import type { Finding } from './types.js'

/** Waiting reasons that mean the image cannot be had: a name, tag or pull credential to fix. */
export const imagePullReasons: ReadonlySet<string> = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'])
/** Waiting reasons that mean the container cannot be made or started from its spec: a ConfigMap, Secret or command. */
export const containerConfigReasons: ReadonlySet<string> = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
])

export const podKey = (p: V1Pod) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`

export function podResource(p: V1Pod): Finding['resource'] {
  return { provider: 'kubernetes', type: 'pod', id: podKey(p), namespace: p.metadata?.namespace }
}

export function nodeResource(name: string): Finding['resource'] {
  return { provider: 'kubernetes', type: 'node', id: name }
}

const objectKinds: ReadonlySet<string> = new Set(kubernetesObjectKinds)
const isObjectKind = (type: string): type is KubernetesObjectKind => objectKinds.has(type)

/** A Kubernetes `kind` (Pod, ReplicaSet) as a finding's resource type; `object` when missing or not one we know. */
export function objectResourceType(kind: string | undefined): KubernetesResourceType {
  const type = kind?.toLowerCase()
  return type && isObjectKind(type) ? type : 'object'
}

/** Pods that hold resources on their node (terminated pods do not). */
export function isActive(p: V1Pod): boolean {
  return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'
}

export type Resource = 'cpu' | 'memory'
const toNumber = (r: Resource, q: unknown) => (r === 'cpu' ? millicores(q as string) : bytes(q as string))

export function containerValue(c: V1Container, kind: 'requests' | 'limits', r: Resource): number | undefined {
  return toNumber(r, c.resources?.[kind]?.[r])
}

/**
 * What the scheduler reserves for a pod: its app containers plus its sidecars (init containers with restartPolicy
 * Always, which keep running beside them), or, if larger, the peak while the init containers run one by one, each
 * beside the sidecars started before it. Pod overhead is not counted.
 */
export function podRequest(p: V1Pod, r: Resource): number {
  const request = (c: V1Container) => containerValue(c, 'requests', r) ?? 0
  let sidecars = 0
  let initPeak = 0
  // Stryker disable next-line ArrayDeclaration: a stand-in element is a string, which requests nothing
  for (const c of p.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') sidecars += request(c)
    initPeak = Math.max(initPeak, c.restartPolicy === 'Always' ? sidecars : sidecars + request(c))
  }
  // Stryker disable next-line ArrayDeclaration: a stand-in element is a string, which requests nothing
  const app = (p.spec?.containers ?? []).reduce((sum, c) => sum + request(c), 0)
  return Math.max(initPeak, app + sidecars)
}

export function allocatable(n: V1Node, r: Resource): number | undefined {
  return toNumber(r, n.status?.allocatable?.[r])
}

/** A time the API gave (a Date, or its string once serialized) as an ISO string; undefined when missing or invalid. */
export function isoTime(t: Date | string | null | undefined): string | undefined {
  if (t === undefined || t === null) return undefined
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

export function condition(n: V1Node, type: string) {
  return n.status?.conditions?.find((c) => c.type === type)
}

export const formatValue = (r: Resource, v: number) =>
  r === 'cpu' ? `${v}m` : v >= 2 ** 30 ? `${(v / 2 ** 30).toFixed(1)}Gi` : `${Math.round(v / 2 ** 20)}Mi`
