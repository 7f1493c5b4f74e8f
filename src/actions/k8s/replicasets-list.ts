import type { AppsV1Api, V1ReplicaSet } from '@kubernetes/client-node'
import { kubeApi, listAll, pageSize } from '../../clients/k8s.js'
import type { ActionDefinition } from '../types.js'
import { namespaceOf, namespaceParam, selectorParam } from './common.js'

const action: ActionDefinition<{ namespace?: string; label_selector?: string }, V1ReplicaSet> = {
  id: 'k8s.replicasets.list',
  provider: 'kubernetes',
  risk: 'read',
  description: 'ReplicaSets (the revisions of deployments) with their replica counts and conditions.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { namespace: namespaceParam, label_selector: selectorParam },
  },
  permissions: ['list replicasets'],
  async execute(ctx, p) {
    const api = await kubeApi<AppsV1Api>(ctx, (k) => k.AppsV1Api)
    const namespace = namespaceOf(p, ctx.environment)
    const q = { labelSelector: p.label_selector, limit: pageSize }
    const items = await listAll(ctx, (_continue) =>
      namespace
        ? api.listNamespacedReplicaSet({ namespace, ...q, _continue })
        : api.listReplicaSetForAllNamespaces({ ...q, _continue }),
    )
    return { items }
  },
}
export default action
