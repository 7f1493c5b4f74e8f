import type {
  V1CronJob,
  V1Job,
  V1LabelSelector,
  V1ObjectMeta,
  V1Pod,
  V1ReplicaSet,
  V1Service,
} from '@kubernetes/client-node'
import type { ActionContext, ActionDefinition } from '../types.js'
import type { FoundObject } from './diagnose-types.js'
import { listKind, listReplicaSets } from './object-kinds.js'

interface Params {
  max_pods?: number
}

const defaultMaxPods = 200

const action: ActionDefinition<Params, V1Pod> = {
  id: 'k8s.objects.pods',
  provider: 'kubernetes',
  risk: 'read',
  description:
    'The pods of the object found by k8s.objects.find: the pod itself, the pods a workload owns (through its ReplicaSets or Jobs), the pods a Service selects, mount a PVC, or run on a node.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { max_pods: { type: 'integer', minimum: 1, maximum: 1000 } },
  },
  permissions: ['list pods', 'list replicasets', 'list jobs'],
  accepts_input_from: ['k8s.objects.find'],
  async execute(ctx, p) {
    const target = Object.values(ctx.inputs).flatMap((o) => o.items as FoundObject[])[0]
    if (!target) return { items: [], notes: ['no object was found, so no pods were looked for'] }
    const pods = await podsOf(ctx, target)
    const max = p.max_pods ?? defaultMaxPods
    const sorted = pods.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    const notes = sorted.length > max ? [`${sorted.length} pods; the first ${max} by name are looked at`] : undefined
    return { items: sorted.slice(0, max), ...(notes ? { notes } : {}) }
  },
}
export default action

async function podsOf(ctx: ActionContext, t: FoundObject): Promise<V1Pod[]> {
  const namespace = t.namespace
  switch (t.kind) {
    case 'pod':
      return [t.object as V1Pod]
    case 'node':
      return listKind<V1Pod>(ctx, 'pod', { fieldSelector: `spec.nodeName=${t.name}` })
    case 'service':
      return selectedPods(ctx, t.object as V1Service)
    case 'pvc': {
      const pods = await listKind<V1Pod>(ctx, 'pod', { namespace })
      return pods.filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === t.name))
    }
    case 'deployment': {
      const sets = await owned<V1ReplicaSet>(ctx, 'replicaset', t)
      return podsOwnedBy(ctx, namespace, sets.map(uidOf), selectorOf(t.object.spec))
    }
    case 'cronjob': {
      const jobs = await owned<V1Job>(ctx, 'job', t, (t.object as V1CronJob).spec?.jobTemplate?.spec?.selector)
      return podsOwnedBy(ctx, namespace, jobs.map(uidOf))
    }
    default:
      return podsOwnedBy(ctx, namespace, [t.uid], selectorOf(t.object.spec))
  }
}

/** ReplicaSets of a Deployment, or Jobs of a CronJob: the objects whose ownerReferences name it. */
async function owned<T extends { metadata?: V1ObjectMeta }>(
  ctx: ActionContext,
  kind: 'replicaset' | 'job',
  owner: FoundObject,
  selector?: V1LabelSelector,
): Promise<T[]> {
  const labelSelector = labelSelectorText(selector ?? selectorOf(owner.object.spec))
  const q = { namespace: owner.namespace, labelSelector }
  const items = kind === 'job' ? await listKind(ctx, 'job', q) : await listReplicaSets(ctx, q)
  return (items as T[]).filter((o) => isOwnedBy(o.metadata, [owner.uid]))
}

async function podsOwnedBy(
  ctx: ActionContext,
  namespace: string | undefined,
  owners: string[],
  selector?: V1LabelSelector,
): Promise<V1Pod[]> {
  if (owners.length === 0) return []
  const pods = await listKind<V1Pod>(ctx, 'pod', { namespace, labelSelector: labelSelectorText(selector) })
  return pods.filter((p) => isOwnedBy(p.metadata, owners))
}

async function selectedPods(ctx: ActionContext, svc: V1Service): Promise<V1Pod[]> {
  const selector = svc.spec?.selector
  // A Service without a selector has hand-made endpoints: it selects no pods.
  if (!selector || Object.keys(selector).length === 0) return []
  return listKind<V1Pod>(ctx, 'pod', {
    namespace: svc.metadata?.namespace,
    labelSelector: labelSelectorText({ matchLabels: selector }),
  })
}

const uidOf = (o: { metadata?: V1ObjectMeta }) => o.metadata?.uid ?? ''

function isOwnedBy(meta: V1ObjectMeta | undefined, owners: string[]): boolean {
  return (meta?.ownerReferences ?? []).some((r) => owners.includes(r.uid))
}

function selectorOf(spec: unknown): V1LabelSelector | undefined {
  return (spec as { selector?: V1LabelSelector } | undefined)?.selector
}

/** matchLabels only, to narrow the list on the server; ownership is what decides, on our side. */
function labelSelectorText(selector: V1LabelSelector | undefined): string | undefined {
  const labels = Object.entries(selector?.matchLabels ?? {})
  return labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(',') : undefined
}
