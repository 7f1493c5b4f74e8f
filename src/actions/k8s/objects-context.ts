import type {
  CoreV1Event,
  DiscoveryV1Api,
  V1CronJob,
  V1Deployment,
  V1Job,
  V1Pod,
  V1Service,
} from '@kubernetes/client-node'
import { appsApi, coreApi, kubeApi, kubeStatus, listAll, pageSize } from '../../clients/k8s.js'
import { withRetries } from '../../clients/k8s-retry.js'
import type { ActionContext, ActionDefinition } from '../types.js'
import type { ClaimState, FoundObject, NodeState, ObjectContext, ObjectEvent } from './diagnose-types.js'
import { listKind, listReplicaSets } from './object-kinds.js'

/** Bounds: a node runs ~110 pods at most; a workload's pods rarely mount more claims or span more nodes. */
const maxClaims = 50
const maxNodes = 20
const maxEvents = 200

const action: ActionDefinition<Record<string, never>, ObjectContext> = {
  id: 'k8s.objects.context',
  provider: 'kubernetes',
  risk: 'read',
  description:
    "What explains the found object and its pods: the Deployment and ReplicaSets over them, a CronJob's Jobs, a Service's EndpointSlices, the Services that select the pods, their PVCs and nodes, and Warning events about all of them.",
  params: { type: 'object', additionalProperties: false, properties: {} },
  permissions: [
    'get replicasets',
    'get deployments',
    'list replicasets',
    'list jobs',
    'list services',
    'list endpointslices',
    'get persistentvolumeclaims',
    'get nodes',
    'list events',
  ],
  accepts_input_from: ['k8s.objects.find', 'k8s.objects.pods'],
  async execute(ctx) {
    const all = Object.values(ctx.inputs).flatMap((o) => o.items)
    const target = all.find((i): i is FoundObject => isFound(i))
    if (!target) return { items: [], notes: ['no object was found, so nothing around it was looked at'] }
    const pods = all.filter((i): i is V1Pod => !isFound(i))
    const [owners, jobs, slices, services, pvcs, nodes] = await Promise.all([
      ownersOf(ctx, target),
      target.kind === 'cronjob' ? jobsOf(ctx, target) : [],
      target.kind === 'service' ? endpointSlicesOf(ctx, target) : [],
      target.kind === 'service' || target.kind === 'node' ? [] : servicesSelecting(ctx, target.namespace, pods),
      claimsOf(ctx, target, pods),
      nodesOf(ctx, target, pods),
    ])
    const related: Record<string, Related[]> = {
      Pod: pods,
      Deployment: owners.deployments,
      ReplicaSet: owners.replicaSets,
      Job: jobs,
    }
    const kind = kindNames[target.kind]
    related[kind] = [...(related[kind] ?? []), target.object]
    const events = await eventsAbout(ctx, target, related)
    const context: ObjectContext = { ...owners, jobs, endpointSlices: slices, services, pvcs, nodes, events }
    return { items: [context] }
  },
}
export default action

const isFound = (i: unknown): boolean =>
  typeof i === 'object' && i !== null && 'kind' in i && 'uid' in i && 'object' in i

/** A GET that may find nothing: 404 is an answer (the object does not exist), not a failure. */
async function getOrNothing<T>(ctx: ActionContext, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withRetries(ctx, call)
  } catch (err) {
    if (kubeStatus(err) === 404) return undefined
    throw err
  }
}

/** The Deployment over a pod or a Deployment, with its ReplicaSets: where rollout trouble shows. */
async function ownersOf(ctx: ActionContext, t: FoundObject) {
  if (t.kind === 'deployment') {
    const sets = await listReplicaSets(ctx, { namespace: t.namespace })
    return { deployments: [t.object as V1Deployment], replicaSets: sets.filter((s) => ownedBy(s, t.uid)) }
  }
  if (t.kind !== 'pod') return { deployments: [], replicaSets: [] }
  const namespace = t.namespace ?? ''
  const rsName = ownerName(t.object, 'ReplicaSet')
  const rs = rsName
    ? await getOrNothing(ctx, async () => (await appsApi(ctx)).readNamespacedReplicaSet({ name: rsName, namespace }))
    : undefined
  const deploymentName = ownerName(rs, 'Deployment')
  const deployment = deploymentName
    ? await getOrNothing(ctx, async () =>
        (await appsApi(ctx)).readNamespacedDeployment({ name: deploymentName, namespace }),
      )
    : undefined
  return { deployments: deployment ? [deployment] : [], replicaSets: rs ? [rs] : [] }
}

async function jobsOf(ctx: ActionContext, t: FoundObject): Promise<V1Job[]> {
  const jobs = await listKind<V1Job>(ctx, 'job', { namespace: t.namespace })
  const cron = t.object as V1CronJob
  return jobs.filter((j) => ownedBy(j, cron.metadata?.uid ?? ''))
}

async function endpointSlicesOf(ctx: ActionContext, t: FoundObject) {
  const api = await kubeApi<DiscoveryV1Api>(ctx, (k) => k.DiscoveryV1Api)
  const labelSelector = `kubernetes.io/service-name=${t.name}`
  return listAll(ctx, (_continue) =>
    api.listNamespacedEndpointSlice({ namespace: t.namespace ?? '', labelSelector, limit: pageSize, _continue }),
  )
}

async function servicesSelecting(ctx: ActionContext, namespace: string | undefined, pods: V1Pod[]) {
  if (!namespace || pods.length === 0) return []
  const services = await listKind<V1Service>(ctx, 'service', { namespace })
  return services.filter((s) => {
    const selector = Object.entries(s.spec?.selector ?? {})
    return selector.length > 0 && pods.some((p) => selector.every(([k, v]) => p.metadata?.labels?.[k] === v))
  })
}

async function claimsOf(ctx: ActionContext, t: FoundObject, pods: V1Pod[]): Promise<ClaimState[]> {
  const byClaim = new Map<string, ClaimState>()
  for (const pod of pods) {
    const namespace = pod.metadata?.namespace ?? ''
    for (const v of pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName
      if (!name) continue
      const key = `${namespace}/${name}`
      const claim = byClaim.get(key) ?? { namespace, name, exists: false, pods: [] }
      claim.pods.push(pod.metadata?.name ?? '')
      byClaim.set(key, claim)
    }
  }
  if (t.kind === 'pvc' && !byClaim.has(`${t.namespace}/${t.name}`)) {
    byClaim.set(`${t.namespace}/${t.name}`, { namespace: t.namespace ?? '', name: t.name, exists: false, pods: [] })
  }
  const claims = [...byClaim.values()].slice(0, maxClaims)
  return Promise.all(
    claims.map(async (c) => {
      const pvc = await getOrNothing(ctx, async () =>
        (await coreApi(ctx)).readNamespacedPersistentVolumeClaim({ name: c.name, namespace: c.namespace }),
      )
      return { ...c, exists: pvc !== undefined, ...(pvc?.status?.phase ? { phase: pvc.status.phase } : {}) }
    }),
  )
}

async function nodesOf(ctx: ActionContext, t: FoundObject, pods: V1Pod[]): Promise<NodeState[]> {
  const names = new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => Boolean(n)))
  if (t.kind === 'node') names.add(t.name)
  return Promise.all(
    [...names].slice(0, maxNodes).map(async (name) => {
      const node = await getOrNothing(ctx, async () => (await coreApi(ctx)).readNode({ name }))
      return {
        name,
        exists: node !== undefined,
        unschedulable: node?.spec?.unschedulable === true,
        conditions: (node?.status?.conditions ?? []).map((c) => ({
          type: c.type,
          status: c.status,
          ...(c.reason ? { reason: c.reason } : {}),
          ...(c.message ? { message: c.message } : {}),
        })),
      }
    }),
  )
}

/** Warning events about the object and everything gathered around it, newest first. */
async function eventsAbout(
  ctx: ActionContext,
  t: FoundObject,
  byKind: Record<string, Related[]>,
): Promise<ObjectEvent[]> {
  const api = await coreApi(ctx)
  const all = Object.entries(byKind).flatMap(([kind, objects]) => objects.map((o) => ({ kind, o })))
  const uids = new Set(all.map(({ o }) => o.metadata?.uid).filter(Boolean))
  // An event written without the object's uid (by some controllers and tools) still names its kind and name.
  const names = new Set(all.map(({ kind, o }) => `${kind}/${o.metadata?.name ?? ''}`))
  const fieldSelector =
    t.kind === 'node' ? `type=Warning,involvedObject.kind=Node,involvedObject.name=${t.name}` : 'type=Warning'
  const events: CoreV1Event[] = await listAll(ctx, (_continue) =>
    t.namespace
      ? api.listNamespacedEvent({ namespace: t.namespace, fieldSelector, limit: pageSize, _continue })
      : api.listEventForAllNamespaces({ fieldSelector, limit: pageSize, _continue }),
  )
  return events
    .filter((e) => t.kind === 'node' || uids.has(e.involvedObject.uid) || names.has(eventKey(e)))
    .map(toObjectEvent)
    .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''))
    .slice(0, maxEvents)
}

type Related = { metadata?: { uid?: string; name?: string } }

/** The `kind` events use for each kind a question can name. */
const kindNames: Record<FoundObject['kind'], string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  cronjob: 'CronJob',
  job: 'Job',
  pod: 'Pod',
  service: 'Service',
  pvc: 'PersistentVolumeClaim',
  node: 'Node',
}

const eventKey = (e: CoreV1Event) => `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`

function toObjectEvent(e: CoreV1Event): ObjectEvent {
  const last = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp
  return {
    kind: e.involvedObject.kind ?? '',
    name: e.involvedObject.name ?? '',
    namespace: e.involvedObject.namespace ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.count ?? 1,
    last: last ? new Date(last).toISOString() : undefined,
  }
}

function ownedBy(o: { metadata?: { ownerReferences?: { uid: string }[] } }, uid: string): boolean {
  return (o.metadata?.ownerReferences ?? []).some((r) => r.uid === uid)
}

function ownerName(o: { metadata?: { ownerReferences?: { kind: string; name: string }[] } } | undefined, kind: string) {
  return o?.metadata?.ownerReferences?.find((r) => r.kind === kind)?.name
}
