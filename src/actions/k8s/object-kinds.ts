// How to list each kind of object a question can name, with complete pagination and retries: one table, so that
// finding an object by name and collecting what it owns ask the API the same way.
import type { V1ReplicaSet } from '@kubernetes/client-node'
import { appsApi, batchApi, coreApi, listAll, pageSize } from '../../clients/k8s.js'
import type { ActionContext } from '../types.js'
import type { KubeKind, KubeObject } from './diagnose-types.js'

interface ListQuery {
  namespace?: string
  fieldSelector?: string
  labelSelector?: string
}

type Page<T> = Promise<{ items: T[]; metadata?: { _continue?: string } }>
type Lister = (ctx: ActionContext, q: ListQuery & { limit: number; _continue?: string }) => Page<KubeObject>

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
      ? (await appsApi(ctx)).listNamespacedDeployment({ namespace, ...q })
      : (await appsApi(ctx)).listDeploymentForAllNamespaces(q),
  statefulset: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await appsApi(ctx)).listNamespacedStatefulSet({ namespace, ...q })
      : (await appsApi(ctx)).listStatefulSetForAllNamespaces(q),
  daemonset: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await appsApi(ctx)).listNamespacedDaemonSet({ namespace, ...q })
      : (await appsApi(ctx)).listDaemonSetForAllNamespaces(q),
  cronjob: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await batchApi(ctx)).listNamespacedCronJob({ namespace, ...q })
      : (await batchApi(ctx)).listCronJobForAllNamespaces(q),
  job: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await batchApi(ctx)).listNamespacedJob({ namespace, ...q })
      : (await batchApi(ctx)).listJobForAllNamespaces(q),
  pod: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await coreApi(ctx)).listNamespacedPod({ namespace, ...q })
      : (await coreApi(ctx)).listPodForAllNamespaces(q),
  service: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await coreApi(ctx)).listNamespacedService({ namespace, ...q })
      : (await coreApi(ctx)).listServiceForAllNamespaces(q),
  pvc: async (ctx, { namespace, ...q }) =>
    namespace
      ? (await coreApi(ctx)).listNamespacedPersistentVolumeClaim({ namespace, ...q })
      : (await coreApi(ctx)).listPersistentVolumeClaimForAllNamespaces(q),
  node: async (ctx, { namespace: _cluster, ...q }) => (await coreApi(ctx)).listNode(q),
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
      ? (await appsApi(ctx)).listNamespacedReplicaSet({ namespace, ...q, limit: pageSize, _continue })
      : (await appsApi(ctx)).listReplicaSetForAllNamespaces({ ...q, limit: pageSize, _continue }),
  )
}

/** One page of names only, for "did you mean": bounded, never the whole cluster. */
export async function someNames(ctx: ActionContext, kind: KubeKind, namespace: string | undefined): Promise<string[]> {
  const page = await listers[kind](ctx, { namespace, limit: pageSize })
  return page.items.map((o) => o.metadata?.name ?? '').filter(Boolean)
}
