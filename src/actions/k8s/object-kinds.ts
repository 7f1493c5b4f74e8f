// How to list each kind of object a question can name, with complete pagination and retries: one table, so that
// finding an object by name and collecting what it owns ask the API the same way.
import type { AppsV1Api, BatchV1Api, CoreV1Api, V1ReplicaSet } from '@kubernetes/client-node'
import { kubeApi, listAll, pageSize } from '../../clients/k8s.js'
import type { ActionContext } from '../types.js'
import type { KubeKind, KubeObject } from './diagnose-types.js'

interface ListQuery {
  namespace?: string
  fieldSelector?: string
  labelSelector?: string
}

type Page<T> = Promise<{ items: T[]; metadata?: { _continue?: string } }>
type Lister = (ctx: ActionContext, q: ListQuery & { limit: number; _continue?: string }) => Page<KubeObject>

const core = (ctx: ActionContext) => kubeApi<CoreV1Api>(ctx, (k) => k.CoreV1Api)
const apps = (ctx: ActionContext) => kubeApi<AppsV1Api>(ctx, (k) => k.AppsV1Api)
const batch = (ctx: ActionContext) => kubeApi<BatchV1Api>(ctx, (k) => k.BatchV1Api)

/** The plural the RBAC rules use, for "access denied: it needs list <resource>". */
export const resourceOf: Record<KubeKind, string> = {
  deployment: 'deployments',
  statefulset: 'statefulsets',
  daemonset: 'daemonsets',
  cronjob: 'cronjobs',
  job: 'jobs',
  pod: 'pods',
  service: 'services',
  pvc: 'persistentvolumeclaims',
  node: 'nodes',
}

const listers: Record<KubeKind, Lister> = {
  deployment: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await apps(ctx)).listNamespacedDeployment({ namespace, ...q })
      : (await apps(ctx)).listDeploymentForAllNamespaces(q),
  statefulset: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await apps(ctx)).listNamespacedStatefulSet({ namespace, ...q })
      : (await apps(ctx)).listStatefulSetForAllNamespaces(q),
  daemonset: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await apps(ctx)).listNamespacedDaemonSet({ namespace, ...q })
      : (await apps(ctx)).listDaemonSetForAllNamespaces(q),
  cronjob: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await batch(ctx)).listNamespacedCronJob({ namespace, ...q })
      : (await batch(ctx)).listCronJobForAllNamespaces(q),
  job: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await batch(ctx)).listNamespacedJob({ namespace, ...q })
      : (await batch(ctx)).listJobForAllNamespaces(q),
  pod: async (ctx, { namespace, ...q }) =>
    namespace ? (await core(ctx)).listNamespacedPod({ namespace, ...q }) : (await core(ctx)).listPodForAllNamespaces(q),
  service: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await core(ctx)).listNamespacedService({ namespace, ...q })
      : (await core(ctx)).listServiceForAllNamespaces(q),
  pvc: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await core(ctx)).listNamespacedPersistentVolumeClaim({ namespace, ...q })
      : (await core(ctx)).listPersistentVolumeClaimForAllNamespaces(q),
  node: async (ctx, { namespace: _cluster, ...q }) => (await core(ctx)).listNode(q),
}

/** Every object of a kind that the query selects, following `continue` to the end. */
export function listKind<T extends KubeObject = KubeObject>(
  ctx: ActionContext,
  kind: KubeKind,
  q: ListQuery,
): Promise<T[]> {
  return listAll(ctx, (_continue) => listers[kind](ctx, { ...q, limit: pageSize, _continue })) as Promise<T[]>
}

/** ReplicaSets are no kind a question names, but they join a Deployment to its pods. */
export function listReplicaSets(ctx: ActionContext, { namespace, ...q }: ListQuery): Promise<V1ReplicaSet[]> {
  return listAll(ctx, async (_continue) =>
    namespace
      ? (await apps(ctx)).listNamespacedReplicaSet({ namespace, ...q, limit: pageSize, _continue })
      : (await apps(ctx)).listReplicaSetForAllNamespaces({ ...q, limit: pageSize, _continue }),
  )
}

/** One page of names only, for "did you mean": bounded, never the whole cluster. */
export async function someNames(ctx: ActionContext, kind: KubeKind, namespace: string | undefined): Promise<string[]> {
  const page = await listers[kind](ctx, { namespace, limit: pageSize })
  return page.items.map((o) => o.metadata?.name ?? '').filter(Boolean)
}
