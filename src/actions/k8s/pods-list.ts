import type { V1Pod } from '@kubernetes/client-node'
import { coreApi, listAll, pageSize } from '../../clients/k8s.js'
import type { ActionDefinition } from '../types.js'
import { namespaceOf, namespaceParam, selectorParam } from './common.js'

interface Params {
  namespace?: string
  label_selector?: string
  field_selector?: string
}

const action: ActionDefinition<Params, V1Pod> = {
  id: 'k8s.pods.list',
  provider: 'kubernetes',
  risk: 'read',
  description: 'Pods with their resources, status, restarts and last termination state.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { namespace: namespaceParam, label_selector: selectorParam, field_selector: selectorParam },
  },
  permissions: ['list pods'],
  async execute(ctx, p) {
    const api = await coreApi(ctx)
    const namespace = namespaceOf(p, ctx.environment)
    const q = { labelSelector: p.label_selector, fieldSelector: p.field_selector, limit: pageSize }
    const items = await listAll(ctx, (_continue) =>
      namespace
        ? api.listNamespacedPod({ namespace, ...q, _continue })
        : api.listPodForAllNamespaces({ ...q, _continue }),
    )
    return { items }
  },
}
export default action
