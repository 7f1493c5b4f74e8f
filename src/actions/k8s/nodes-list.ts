import type { V1Node } from '@kubernetes/client-node'
import { coreApi, listAll, pageSize } from '../../clients/k8s.js'
import type { ActionDefinition } from '../types.js'
import { selectorParam } from './common.js'

const action: ActionDefinition<{ label_selector?: string }, V1Node> = {
  id: 'k8s.nodes.list',
  provider: 'kubernetes',
  risk: 'read',
  description: 'Nodes with their capacity, allocatable resources and conditions.',
  params: { type: 'object', additionalProperties: false, properties: { label_selector: selectorParam } },
  permissions: ['list nodes'],
  async execute(ctx, p) {
    const api = await coreApi(ctx)
    const items = await listAll(ctx, (_continue) =>
      api.listNode({ labelSelector: p.label_selector, limit: pageSize, _continue }),
    )
    return { items }
  },
}
export default action
