// What a finding's resource is. `provider` says which cloud, so `type` is that provider's own kind: every resource
// type a question can target (the intent's `resourceTypes` without their prefix: kubernetes_pod → pod), plus the
// kinds analyzers see beyond them. Types only, except the object kinds warning events can name.
import type { ResourceType } from '../intent/types.js'

/** `kubernetes_pod` → `pod`, for one provider's prefix. */
type Unprefixed<T, Prefix extends string> = T extends `${Prefix}_${infer Kind}` ? Kind : never

/** Lowercased `kind`s of the objects Kubernetes warning events are about; any other kind is an `object`. */
export const kubernetesObjectKinds = [
  'node',
  'pod',
  'deployment',
  'replicaset',
  'statefulset',
  'daemonset',
  'job',
  'cronjob',
  'service',
  'endpoints',
  'ingress',
  'persistentvolumeclaim',
  'persistentvolume',
  'horizontalpodautoscaler',
  'poddisruptionbudget',
  'namespace',
] as const

export type KubernetesObjectKind = (typeof kubernetesObjectKinds)[number]

export type KubernetesResourceType = Unprefixed<ResourceType, 'kubernetes'> | KubernetesObjectKind | 'object'

/** `account` is the whole account (what a blind spot could not see); `cost_service` is one service's spend. */
export type AwsResourceType = Unprefixed<ResourceType, 'aws'> | 'account' | 'cost_service'
