// Seed Kubernetes objects through the real API. With no kubelets or controllers, status is written explicitly
// through each object's status subresource, as a kubelet or controller would.
import { type Kube, kubeApi } from './kube.js'

type Obj = Record<string, unknown>
type Admin = Pick<Kube, 'server' | 'ca' | 'adminToken'>

async function call(kube: Admin, method: string, path: string, body?: unknown): Promise<Obj> {
  const r = await kubeApi(kube, method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`)
  return r.body as Obj
}

/** Create an object, then (if given) write its status through the status subresource. */
export async function createWithStatus(kube: Admin, collection: string, object: Obj, status?: Obj): Promise<Obj> {
  const created = await call(kube, 'POST', collection, object)
  if (!status) return created
  const name = (created.metadata as Obj).name as string
  return call(kube, 'PUT', `${collection}/${name}/status`, { ...created, status })
}

export async function createNamespace(kube: Admin, name: string): Promise<void> {
  const r = await kubeApi(kube, 'POST', '/api/v1/namespaces', { metadata: { name } })
  if (r.status >= 300 && r.status !== 409) throw new Error(`namespace ${name}: ${r.status}`)
}

export async function deleteNamespace(kube: Admin, name: string): Promise<void> {
  await kubeApi(kube, 'DELETE', `/api/v1/namespaces/${name}`)
}

export interface NodeSeed {
  name: string
  cpu?: string
  memory?: string
  ready?: boolean
  conditions?: { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string }[]
  unschedulable?: boolean
  labels?: Record<string, string>
}

export function createNode(kube: Admin, seed: NodeSeed): Promise<Obj> {
  const now = new Date().toISOString()
  const cpu = seed.cpu ?? '4'
  const memory = seed.memory ?? '16Gi'
  const conditions = [
    {
      type: 'Ready',
      status: seed.ready === false ? 'False' : 'True',
      reason: seed.ready === false ? 'KubeletNotReady' : 'KubeletReady',
      message: seed.ready === false ? 'container runtime is down' : 'kubelet is posting ready status',
    },
    ...(seed.conditions ?? []),
  ].map((c) => ({ lastHeartbeatTime: now, lastTransitionTime: now, ...c }))
  return createWithStatus(
    kube,
    '/api/v1/nodes',
    { metadata: { name: seed.name, labels: seed.labels ?? {} }, spec: { unschedulable: seed.unschedulable ?? false } },
    { capacity: { cpu, memory, pods: '110' }, allocatable: { cpu, memory, pods: '110' }, conditions },
  )
}

export interface ContainerSeed {
  name: string
  image?: string
  requests?: { cpu?: string; memory?: string }
  limits?: { cpu?: string; memory?: string }
}

export interface PodSeed {
  namespace: string
  name: string
  node?: string
  containers?: ContainerSeed[]
  labels?: Record<string, string>
  /** The status a kubelet/scheduler would have written. */
  status?: Obj
}

export function createPod(kube: Admin, seed: PodSeed): Promise<Obj> {
  const containers = (seed.containers ?? [{ name: 'app' }]).map((c) => ({
    name: c.name,
    image: c.image ?? 'registry.example/app:1.0',
    resources: { ...(c.requests ? { requests: c.requests } : {}), ...(c.limits ? { limits: c.limits } : {}) },
  }))
  return createWithStatus(
    kube,
    `/api/v1/namespaces/${seed.namespace}/pods`,
    {
      metadata: { name: seed.name, labels: seed.labels ?? {} },
      spec: { containers, ...(seed.node ? { nodeName: seed.node } : {}) },
    },
    seed.status,
  )
}

/** Status helpers: what a kubelet reports for common failure modes. */
export const podStatus = {
  running(containers: string[], opts: { restarts?: number } = {}): Obj {
    return {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: containers.map((name) => ({
        name,
        ready: true,
        restartCount: opts.restarts ?? 0,
        image: 'registry.example/app:1.0',
        imageID: '',
        state: { running: { startedAt: new Date().toISOString() } },
      })),
    }
  },
  crashLoop(container: string, opts: { restarts: number; exitCode?: number; reason?: string }): Obj {
    const now = new Date().toISOString()
    return {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
      containerStatuses: [
        {
          name: container,
          ready: false,
          restartCount: opts.restarts,
          image: 'registry.example/app:1.0',
          imageID: '',
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${container}` },
          },
          lastState: {
            terminated: {
              exitCode: opts.exitCode ?? 1,
              reason: opts.reason ?? 'Error',
              startedAt: now,
              finishedAt: now,
            },
          },
        },
      ],
    }
  },
  oomKilled(container: string, opts: { restarts: number }): Obj {
    const now = new Date().toISOString()
    return {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: container,
          ready: true,
          restartCount: opts.restarts,
          image: 'registry.example/app:1.0',
          imageID: '',
          state: { running: { startedAt: now } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: now, finishedAt: now } },
        },
      ],
    }
  },
  unschedulable(message: string): Obj {
    return {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message,
          lastTransitionTime: new Date().toISOString(),
        },
      ],
    }
  },
}

export interface DeploymentSeed {
  namespace: string
  name: string
  replicas: number
  status?: Obj
}

export function createDeployment(kube: Admin, seed: DeploymentSeed): Promise<Obj> {
  const labels = { app: seed.name }
  return createWithStatus(
    kube,
    `/apis/apps/v1/namespaces/${seed.namespace}/deployments`,
    {
      metadata: { name: seed.name, labels },
      spec: {
        replicas: seed.replicas,
        selector: { matchLabels: labels },
        progressDeadlineSeconds: 600,
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'registry.example/app:2.0' }] } },
      },
    },
    seed.status,
  )
}

export const deploymentStatus = {
  stuck(replicas: number, available: number, message: string): Obj {
    const now = new Date().toISOString()
    return {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: available,
      availableReplicas: available,
      unavailableReplicas: replicas - available,
      conditions: [
        {
          type: 'Available',
          status: available >= replicas ? 'True' : 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    }
  },
  healthy(replicas: number): Obj {
    const now = new Date().toISOString()
    return {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    }
  },
}

export function createReplicaSet(
  kube: Admin,
  seed: { namespace: string; name: string; deployment: string; replicas: number; ready: number; revision?: string },
): Promise<Obj> {
  const labels = { app: seed.deployment }
  return createWithStatus(
    kube,
    `/apis/apps/v1/namespaces/${seed.namespace}/replicasets`,
    {
      metadata: {
        name: seed.name,
        labels,
        annotations: { 'deployment.kubernetes.io/revision': seed.revision ?? '2' },
      },
      spec: {
        replicas: seed.replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'registry.example/app:2.0' }] } },
      },
    },
    { replicas: seed.replicas, readyReplicas: seed.ready, availableReplicas: seed.ready, observedGeneration: 1 },
  )
}

export interface EventSeed {
  namespace: string
  name: string
  type: 'Normal' | 'Warning'
  reason: string
  message: string
  object: { kind: string; name: string; namespace?: string }
  count?: number
  /** Seconds ago the event was last seen (default 60). */
  ageSeconds?: number
}

export function createEvent(kube: Admin, seed: EventSeed): Promise<Obj> {
  const when = new Date(Date.now() - (seed.ageSeconds ?? 60) * 1000).toISOString()
  return call(kube, 'POST', `/api/v1/namespaces/${seed.namespace}/events`, {
    metadata: { name: seed.name },
    type: seed.type,
    reason: seed.reason,
    message: seed.message,
    count: seed.count ?? 1,
    firstTimestamp: when,
    lastTimestamp: when,
    involvedObject: {
      kind: seed.object.kind,
      name: seed.object.name,
      namespace: seed.object.namespace ?? seed.namespace,
    },
    source: { component: 'default-scheduler' },
  })
}
