// metrics.k8s.io (metrics-server): optional in a cluster. When it is absent the actions return no items and a
// note, so the analyzers say what they could not see instead of the run failing.
import type { CustomObjectsApi } from '@kubernetes/client-node'
import { kubeApi, kubeStatus } from '../../clients/k8s.js'
import type { ActionContext, ActionOutput } from '../types.js'

export interface MetricsList {
  items: { metadata: { name: string; namespace?: string }; usage?: Record<string, string>; containers?: unknown[] }[]
}

export const metricsAbsentNote =
  'metrics.k8s.io is not available (no metrics-server): usage figures are missing; requests and limits are still checked'

export async function listMetrics(
  ctx: ActionContext,
  plural: 'nodes' | 'pods',
  namespace?: string,
): Promise<MetricsList | ActionOutput<never>> {
  const api = await kubeApi<CustomObjectsApi>(ctx, (k) => k.CustomObjectsApi)
  const base = { group: 'metrics.k8s.io', version: 'v1beta1', plural }
  ctx.metrics.apiCalls++
  try {
    const r = namespace
      ? await api.listNamespacedCustomObject({ ...base, namespace })
      : await api.listClusterCustomObject(base)
    return r as MetricsList
  } catch (err) {
    if (kubeStatus(err) === 404 || kubeStatus(err) === 503) return { items: [], notes: [metricsAbsentNote] }
    throw err
  }
}
