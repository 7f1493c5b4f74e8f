// What the object-diagnosis actions (k8s.objects.*) hand to the k8s-diagnose analyzer. Only names, states and
// reasons: a referenced Secret or ConfigMap is known by whether it exists, never by its contents.
import type {
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1Job,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node'

export const kubeKinds = [
  'deployment',
  'statefulset',
  'daemonset',
  'cronjob',
  'job',
  'pod',
  'service',
  'pvc',
  'node',
] as const
export type KubeKind = (typeof kubeKinds)[number]

export type KubeObject =
  | V1Deployment
  | V1StatefulSet
  | V1DaemonSet
  | V1CronJob
  | V1Job
  | V1Pod
  | V1Service
  | V1PersistentVolumeClaim
  | V1Node

/** The one object a question named, as found (k8s.objects.find). */
export interface FoundObject {
  kind: KubeKind
  name: string
  /** Absent for nodes. */
  namespace?: string
  uid: string
  object: KubeObject
  /** How the name was resolved when it was not an exact match ("pod name with its ReplicaSet hash"). */
  resolvedFrom?: string
}

/** Everything around the object that can explain it (k8s.objects.context). */
export interface ObjectContext {
  /** The Deployment (and ReplicaSets) over a pod or a Deployment; the Jobs of a CronJob. */
  deployments: V1Deployment[]
  replicaSets: V1ReplicaSet[]
  jobs: V1Job[]
  /** A Service's EndpointSlices (only for a Service). */
  endpointSlices: V1EndpointSlice[]
  /** Services in the object's namespace whose selector picks its pods. */
  services: V1Service[]
  pvcs: ClaimState[]
  nodes: NodeState[]
  /** Warning events about the object and what it owns, newest first. */
  events: ObjectEvent[]
}

export interface ClaimState {
  namespace: string
  name: string
  exists: boolean
  phase?: string
  /** The pods that mount it. */
  pods: string[]
}

export interface NodeState {
  name: string
  exists: boolean
  unschedulable: boolean
  conditions: { type: string; status: string; reason?: string; message?: string }[]
}

export interface ObjectEvent {
  kind: string
  name: string
  namespace: string
  reason: string
  message: string
  count: number
  last: string | undefined
}

/** A ConfigMap or Secret the pods reference, and whether it exists (k8s.objects.references). */
export interface ReferenceState {
  kind: 'ConfigMap' | 'Secret'
  namespace: string
  name: string
  exists: boolean
  /** Declared optional by every pod that references it: a missing one is then no problem. */
  optional: boolean
  pods: string[]
}
