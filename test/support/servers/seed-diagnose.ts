// Objects for the object-diagnosis tests, joined as the controllers would join them: no controller runs against the
// test kube-apiserver, so each ownerReference is set here, from the owner's real uid.

import type { Kube } from './kube.js'
import { createWithStatus, podStatus } from './seed-k8s.js'

type Obj = Record<string, unknown>
type Admin = Pick<Kube, 'server' | 'ca' | 'adminToken'>

const uidOf = (o: Obj) => (o.metadata as { uid: string }).uid

/** The ownerReference a controller writes on what it creates. */
export function ownedBy(apiVersion: string, kind: string, owner: Obj) {
  const name = (owner.metadata as { name: string }).name
  return [{ apiVersion, kind, name, uid: uidOf(owner), controller: true }]
}

export function createWorkload(
  kube: Admin,
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet',
  seed: { namespace: string; name: string; labels: Record<string, string>; owners?: Obj[]; spec?: Obj; status?: Obj },
): Promise<Obj> {
  const plural = `${kind.toLowerCase()}s`
  const template = {
    metadata: { labels: seed.labels },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] },
  }
  return createWithStatus(
    kube,
    `/apis/apps/v1/namespaces/${seed.namespace}/${plural}`,
    {
      metadata: { name: seed.name, labels: seed.labels, ...(seed.owners ? { ownerReferences: seed.owners } : {}) },
      spec: { selector: { matchLabels: seed.labels }, template, ...seed.spec },
    },
    seed.status,
  )
}

export function createJob(
  kube: Admin,
  seed: { namespace: string; name: string; owners?: Obj[]; status?: Obj },
): Promise<Obj> {
  return createWithStatus(
    kube,
    `/apis/batch/v1/namespaces/${seed.namespace}/jobs`,
    {
      metadata: { name: seed.name, ...(seed.owners ? { ownerReferences: seed.owners } : {}) },
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'registry.example/job:1.0' }] },
        },
      },
    },
    seed.status,
  )
}

/** A pod with owners, labels, volumes and env references, and the status a kubelet would write. */
export function createOwnedPod(
  kube: Admin,
  seed: {
    namespace: string
    name: string
    labels?: Record<string, string>
    owners?: Obj[]
    node?: string
    claim?: string
    secretEnv?: string
    status?: Obj
  },
): Promise<Obj> {
  const env = seed.secretEnv
    ? [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: seed.secretEnv, key: 'password' } } }]
    : []
  return createWithStatus(
    kube,
    `/api/v1/namespaces/${seed.namespace}/pods`,
    {
      metadata: {
        name: seed.name,
        labels: seed.labels ?? {},
        ...(seed.owners ? { ownerReferences: seed.owners } : {}),
      },
      spec: {
        containers: [{ name: 'app', image: 'registry.example/app:1.0', env }],
        ...(seed.node ? { nodeName: seed.node } : {}),
        ...(seed.claim ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: seed.claim } }] } : {}),
      },
    },
    seed.status,
  )
}

export function createService(
  kube: Admin,
  seed: { namespace: string; name: string; selector?: Record<string, string> },
): Promise<Obj> {
  return createWithStatus(kube, `/api/v1/namespaces/${seed.namespace}/services`, {
    metadata: { name: seed.name },
    spec: { ports: [{ port: 80 }], ...(seed.selector ? { selector: seed.selector } : {}) },
  })
}

export function createClaim(kube: Admin, seed: { namespace: string; name: string; phase: string }): Promise<Obj> {
  return createWithStatus(
    kube,
    `/api/v1/namespaces/${seed.namespace}/persistentvolumeclaims`,
    {
      metadata: { name: seed.name },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    { phase: seed.phase },
  )
}

export function createSecret(kube: Admin, seed: { namespace: string; name: string; value: string }): Promise<Obj> {
  return createWithStatus(kube, `/api/v1/namespaces/${seed.namespace}/secrets`, {
    metadata: { name: seed.name },
    stringData: { password: seed.value },
  })
}

/** payment-api: a Deployment, its ReplicaSet and three pods (two crash-looping, exit 1), and a Service of the same
 * name selecting them. */
export async function seedCrashloopingDeployment(kube: Admin, namespace: string, node: string): Promise<void> {
  const app = { app: 'payment-api' }
  const deployment = await createWorkload(kube, 'Deployment', {
    namespace,
    name: 'payment-api',
    labels: app,
    spec: { replicas: 3 },
    status: { replicas: 3, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 2, updatedReplicas: 3 },
  })
  const rs = await createWorkload(kube, 'ReplicaSet', {
    namespace,
    name: 'payment-api-7d9f8b6c5',
    labels: app,
    owners: ownedBy('apps/v1', 'Deployment', deployment),
    spec: { replicas: 3 },
    status: { replicas: 3, readyReplicas: 1 },
  })
  const owners = ownedBy('apps/v1', 'ReplicaSet', rs)
  for (const [name, status] of [
    ['payment-api-7d9f8b6c5-b2c4d', podStatus.crashLoop('app', { restarts: 9, exitCode: 1 })],
    ['payment-api-7d9f8b6c5-f6g7h', podStatus.crashLoop('app', { restarts: 7, exitCode: 1 })],
    ['payment-api-7d9f8b6c5-j8k9m', podStatus.running(['app'])],
  ] as const) {
    await createOwnedPod(kube, { namespace, name, labels: app, owners, node, status })
  }
  await createService(kube, { namespace, name: 'payment-api', selector: app })
}

/** ledger: a StatefulSet whose one pod cannot be scheduled because its claim (ledger-data) is not bound. */
export async function seedStatefulSetOnUnboundClaim(kube: Admin, namespace: string): Promise<void> {
  const ledger = await createWorkload(kube, 'StatefulSet', {
    namespace,
    name: 'ledger',
    labels: { app: 'ledger' },
    spec: { replicas: 1, serviceName: 'ledger' },
    status: { replicas: 1, readyReplicas: 0, availableReplicas: 0 },
  })
  await createClaim(kube, { namespace, name: 'ledger-data', phase: 'Pending' })
  await createOwnedPod(kube, {
    namespace,
    name: 'ledger-0',
    labels: { app: 'ledger' },
    owners: ownedBy('apps/v1', 'StatefulSet', ledger),
    claim: 'ledger-data',
    status: podStatus.unschedulable('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.'),
  })
}
