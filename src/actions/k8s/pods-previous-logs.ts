import type { V1Pod } from '@kubernetes/client-node'
import { coreApi } from '../../clients/k8s.js'
import { redact } from '../../redact.js'
import type { ActionDefinition } from '../types.js'

interface Params {
  max_pods?: number
  tail_lines?: number
  max_bytes?: number
}

export interface PreviousLog {
  namespace: string
  pod: string
  container: string
  lines: string[]
}

/** Containers that restarted, most restarts first: their previous instance's log says why. */
export function restartedContainers(pods: V1Pod[]) {
  return pods
    .flatMap((pod) =>
      (pod.status?.containerStatuses ?? [])
        .filter((c) => c.restartCount > 0)
        .map((c) => ({
          namespace: pod.metadata?.namespace ?? '',
          pod: pod.metadata?.name ?? '',
          container: c.name,
          restarts: c.restartCount,
        })),
    )
    .sort((a, b) => b.restarts - a.restarts || `${a.namespace}/${a.pod}`.localeCompare(`${b.namespace}/${b.pod}`))
}

const action: ActionDefinition<Params, PreviousLog> = {
  id: 'k8s.pods.previous_logs',
  provider: 'kubernetes',
  risk: 'read',
  description: 'The tail of the previous log of containers that restarted (redacted), from the input pods.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      max_pods: { type: 'integer', minimum: 1, maximum: 50 },
      tail_lines: { type: 'integer', minimum: 1, maximum: 500 },
      max_bytes: { type: 'integer', minimum: 1024, maximum: 1_048_576 },
    },
  },
  permissions: ['get pods/log'],
  accepts_input_from: ['k8s.pods.list'],
  async execute(ctx, p) {
    const pods = Object.values(ctx.inputs).flatMap((o) => o.items as V1Pod[])
    const targets = restartedContainers(pods).slice(0, p.max_pods ?? 10)
    if (targets.length === 0) return { items: [] }
    const api = await coreApi(ctx)
    const items: PreviousLog[] = []
    const notes: string[] = []
    for (const t of targets) {
      ctx.metrics.apiCalls++
      try {
        const text = await api.readNamespacedPodLog({
          name: t.pod,
          namespace: t.namespace,
          container: t.container,
          previous: true,
          tailLines: p.tail_lines ?? 50,
          limitBytes: p.max_bytes ?? 16_384,
        })
        items.push({ ...t, lines: redact(String(text)).split('\n').filter(Boolean) })
      } catch (err) {
        notes.push(`no previous log for ${t.namespace}/${t.pod} container ${t.container}: ${shortError(err)}`)
      }
    }
    return { items, notes }
  },
}
export default action

function shortError(err: unknown): string {
  const code = (err as { code?: number }).code
  return code ? `HTTP ${code}` : (((err as Error).message ?? String(err)).split('\n')[0]?.slice(0, 120) ?? '')
}
