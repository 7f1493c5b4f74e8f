// Objects for the object-diagnosis tests, joined as the controllers would join them: no controller runs against the
// test kube-apiserver, so each ownerReference is set here, from the owner's real uid.

import type { Kube } from './kube.js'
import { createWithStatus } from './seed-k8s.js'

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
