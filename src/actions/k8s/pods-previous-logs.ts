import type { V1Pod } from '@kubernetes/client-node'
import { coreApi, kubeStatus } from '../../clients/k8s.js'
import { describeKubeError, withRetries } from '../../clients/k8s-retry.js'
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
      // A crash-looping init container keeps the pod from starting: its previous log says why.
      [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]
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
  accepts_input_from: ['k8s.pods.list', 'k8s.objects.pods'],
  async execute(ctx, p) {
    const pods = Object.values(ctx.inputs).flatMap((o) => o.items as V1Pod[])
    const targets = restartedContainers(pods).slice(0, p.max_pods ?? 10)
    if (targets.length === 0) return { items: [] }
    const api = await coreApi(ctx)
    const items: PreviousLog[] = []
    const notes: string[] = []
    // Once the server throttles even after retries, the rest are not asked for: more requests would only add load.
    let throttled = false
    const notFetched: string[] = []
    for (const t of targets) {
      const which = `${t.namespace}/${t.pod} container ${t.container}`
      if (throttled) {
        notFetched.push(which)
        continue
      }
      try {
        const text = await withRetries(ctx, () =>
          api.readNamespacedPodLog({
            name: t.pod,
            namespace: t.namespace,
            container: t.container,
            previous: true,
            tailLines: p.tail_lines ?? 50,
            limitBytes: p.max_bytes ?? 16_384,
          }),
        )
        items.push({ ...t, lines: redact(String(text)).split('\n').filter(Boolean) })
      } catch (err) {
        // A timed-out or cancelled step fails as such, not as a list of unavailable logs.
        if (ctx.signal?.aborted) throw err
        notes.push(
          noPreviousContainer(err)
            ? `no previous log for ${which}: ${shortError(err)}`
            : `previous log unavailable for ${which}: ${shortError(err)}`,
        )
        throttled = kubeStatus(err) === 429
      }
    }
    if (notFetched.length) {
      notes.push(`previous log unavailable for ${notFetched.join(', ')}: not fetched, the API server was throttling`)
    }
    return { items, notes }
  },
}
export default action

/** The kubelet's 400 "previous terminated container … not found": there is no previous log to read. Anything else
 * (throttled, a server error, access denied, the kubelet unreachable) means the log could not be read. */
function noPreviousContainer(err: unknown): boolean {
  return kubeStatus(err) === 400 && /previous terminated container .* not found/i.test(describeKubeError(err) ?? '')
}

function shortError(err: unknown): string {
  const text = describeKubeError(err) ?? ((err as Error)?.message ?? String(err)).split('\n')[0] ?? ''
  return redact(text).slice(0, 300)
}
