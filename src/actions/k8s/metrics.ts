// metrics.k8s.io (metrics-server): optional in a cluster. When it is absent the actions return no items and a
// note, so the analyzers say what they could not see instead of the run failing.
import type { CustomObjectsApi } from '@kubernetes/client-node'
import { kubeApi, kubeStatus } from '../../clients/k8s.js'
import { withRetries } from '../../clients/k8s-retry.js'
import type { ActionContext, ActionOutput } from '../types.js'

export interface MetricsList {
  items: { metadata: { name: string; namespace?: string }; usage?: Record<string, string>; containers?: unknown[] }[]
}

const metricsAbsentNote =
  'metrics.k8s.io is not available (no metrics-server): usage figures are missing; requests and limits are still checked'

export async function listMetrics(
  ctx: ActionContext,
  plural: 'nodes' | 'pods',
  namespace?: string,
): Promise<MetricsList | ActionOutput<never>> {
  const api = await kubeApi<CustomObjectsApi>(ctx, (k) => k.CustomObjectsApi)
  const base = { group: 'metrics.k8s.io', version: 'v1beta1', plural }
  try {
    // A 503 is retried first: metrics-server may be restarting, not absent.
    const r = await withRetries(ctx, () =>
      namespace ? api.listNamespacedCustomObject({ ...base, namespace }) : api.listClusterCustomObject(base),
    )
    return r as MetricsList
  } catch (err) {
    if (kubeStatus(err) === 404 || kubeStatus(err) === 503) return { items: [], notes: [metricsAbsentNote] }
    throw err
  }
}
