import type { AppsV1Api, V1Deployment } from '@kubernetes/client-node'
import { kubeApi, listAll, pageSize } from '../../clients/k8s.js'
import type { ActionDefinition } from '../types.js'
import { namespaceOf, namespaceParam, selectorParam } from './common.js'

const action: ActionDefinition<{ namespace?: string; label_selector?: string }, V1Deployment> = {
  id: 'k8s.deployments.list',
  provider: 'kubernetes',
  risk: 'read',
  description: 'Deployments with their rollout conditions and replica counts.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { namespace: namespaceParam, label_selector: selectorParam },
  },
  permissions: ['list deployments'],
  async execute(ctx, p) {
    const api = await kubeApi<AppsV1Api>(ctx, (k) => k.AppsV1Api)
    const namespace = namespaceOf(p, ctx.environment)
    const q = { labelSelector: p.label_selector, limit: pageSize }
    const items = await listAll(ctx, (_continue) =>
      namespace
        ? api.listNamespacedDeployment({ namespace, ...q, _continue })
        : api.listDeploymentForAllNamespaces({ ...q, _continue }),
    )
    return { items }
  },
}
export default action
