import { bytes, millicores } from '../../util/quantity.js'
import type { ActionDefinition } from '../types.js'
import { listMetrics, type MetricsList } from './metrics.js'

export interface NodeUsage {
  name: string
  cpu_millicores?: number
  memory_bytes?: number
}

const action: ActionDefinition<Record<string, never>, NodeUsage> = {
  id: 'k8s.metrics.node_usage',
  provider: 'kubernetes',
  risk: 'read',
  description: 'Current CPU and memory use of each node (metrics.k8s.io; absent API → a note).',
  params: { type: 'object', additionalProperties: false, properties: {} },
  permissions: ['list nodes.metrics.k8s.io'],
  async execute(ctx) {
    const r = await listMetrics(ctx, 'nodes')
    if ('notes' in r) return r
    const items = (r as MetricsList).items.map((m) => ({
      name: m.metadata.name,
      cpu_millicores: millicores(m.usage?.cpu),
      memory_bytes: bytes(m.usage?.memory),
    }))
    return { items }
  },
}
export default action
