import { bytes, millicores } from '../../util/quantity.js'
import type { ActionDefinition } from '../types.js'
import { namespaceOf, namespaceParam } from './common.js'
import { listMetrics, type MetricsList } from './metrics.js'

export interface PodUsage {
  namespace: string
  name: string
  containers: { name: string; cpu_millicores?: number; memory_bytes?: number }[]
}

const action: ActionDefinition<{ namespace?: string }, PodUsage> = {
  id: 'k8s.metrics.pod_usage',
  provider: 'kubernetes',
  risk: 'read',
  description: 'Current CPU and memory use of each pod, by container (metrics.k8s.io; absent API → a note).',
  params: { type: 'object', additionalProperties: false, properties: { namespace: namespaceParam } },
  permissions: ['list pods.metrics.k8s.io'],
  async execute(ctx, p) {
    const r = await listMetrics(ctx, 'pods', namespaceOf(p, ctx.environment))
    if ('notes' in r) return r
    const items = (r as MetricsList).items.map((m) => ({
      namespace: m.metadata.namespace ?? '',
      name: m.metadata.name,
      containers: ((m.containers ?? []) as { name: string; usage?: Record<string, string> }[]).map((c) => ({
        name: c.name,
        cpu_millicores: millicores(c.usage?.cpu),
        memory_bytes: bytes(c.usage?.memory),
      })),
    }))
    return { items }
  },
}
export default action
