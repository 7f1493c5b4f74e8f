// What is wrong around one diagnosed object: its own status (rollout, job, endpoints), the claims and nodes its
// pods need, the ConfigMaps and Secrets they reference, and Warning events about any of them. Pure.
import type {
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Job,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node'
import type { FoundObject, ObjectContext, ReferenceState } from '../actions/k8s/diagnose-types.js'
import { oneLine } from './k8s-object-pods.js'
import { nodeResource } from './k8s-util.js'
import type { KubernetesResourceType } from './resource-types.js'
import type { Finding, FindingResource, Severity } from './types.js'

type More = { evidence: Record<string, unknown>; recommendation: string }
const typeOfKind: Record<FoundObject['kind'], KubernetesResourceType> = {
  deployment: 'deployment',
  statefulset: 'statefulset',
  daemonset: 'daemonset',
  cronjob: 'cronjob',
  job: 'job',
  pod: 'pod',
  service: 'service',
  pvc: 'persistentvolumeclaim',
  // Stryker disable next-line StringLiteral: about() gives a node nodeResource(), so this entry is never read
  node: 'node',
}

export function targetKey(t: FoundObject): string {
  return t.namespace ? `${t.namespace}/${t.name}` : t.name
}

function about(t: FoundObject, detail: string, severity: Severity, title: string, more: More): Finding {
  const key = targetKey(t)
  const resource: FindingResource =
    t.kind === 'node'
      ? nodeResource(t.name)
      : { provider: 'kubernetes', type: typeOfKind[t.kind], id: key, namespace: t.namespace }
  return { id: `k8s-diagnose:${key}:${detail}`, severity, title, resource, ...more }
}

/** The object's own status, by kind. */
export function objectFindings(t: FoundObject, pods: V1Pod[], ctx: ObjectContext | undefined): Finding[] {
  const what = `${t.kind} ${targetKey(t)}`
  switch (t.kind) {
    case 'deployment':
      return deploymentFindings(t, t.object as V1Deployment, what)
    case 'statefulset': {
      const s = t.object as V1StatefulSet
      return replicaShortfall(t, what, s.spec?.replicas ?? 1, s.status?.readyReplicas ?? 0)
    }
    case 'daemonset': {
      const d = t.object as V1DaemonSet
      return replicaShortfall(t, what, d.status?.desiredNumberScheduled ?? 0, d.status?.numberReady ?? 0)
    }
    case 'job':
      return jobFindings(t, t.object as V1Job, what)
    case 'cronjob':
      // Stryker disable next-line ArrayDeclaration: the stand-in element is a string, with no status: no failed run, as with none
      return cronJobFindings(t, t.object as V1CronJob, ctx?.jobs ?? [], what)
    case 'service':
      return serviceFindings(t, t.object as V1Service, pods, ctx, what)
    case 'pvc':
      return claimPhase(t, (t.object as V1PersistentVolumeClaim).status?.phase, what)
    default:
      return []
  }
}

function deploymentFindings(t: FoundObject, d: V1Deployment, what: string): Finding[] {
  const out: Finding[] = []
  const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing')
  if (progressing?.status === 'False') {
    out.push(
      about(t, 'rollout', 'high', `${what}: rollout stuck (${progressing.reason}): ${oneLine(progressing.message)}`, {
        evidence: { reason: progressing.reason, message: oneLine(progressing.message, 300) },
        recommendation:
          'The new pods do not become ready: see the pod findings; roll back if the new version is at fault.',
      }),
    )
  }
  const desired = d.spec?.replicas ?? 1
  if (desired === 0) {
    out.push(
      about(t, 'scaled-to-zero', 'info', `${what} is scaled to 0 replicas`, {
        evidence: { replicas: 0 },
        recommendation: 'Nothing runs: scale it up if it should serve.',
      }),
    )
  }
  const unavailable = d.status?.unavailableReplicas ?? 0
  if (unavailable > 0) {
    out.push(
      about(
        t,
        'unavailable',
        unavailable >= desired ? 'high' : 'medium',
        `${what}: ${unavailable} of ${desired} replicas unavailable`,
        {
          // Stryker disable next-line OptionalChaining: unavailable replicas come from a status, so there is one
          evidence: { desired, ready: d.status?.readyReplicas ?? 0, unavailable },
          recommendation: 'See why its pods are not ready (the pod findings).',
        },
      ),
    )
  }
  return out
}

function replicaShortfall(t: FoundObject, what: string, desired: number, ready: number): Finding[] {
  if (ready >= desired) return []
  return [
    about(t, 'not-ready', ready === 0 ? 'high' : 'medium', `${what}: ${ready} of ${desired} pods ready`, {
      evidence: { desired, ready },
      recommendation: 'See why its pods are not ready (the pod findings).',
    }),
  ]
}

function jobFindings(t: FoundObject, job: V1Job, what: string): Finding[] {
  const failed = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True')
  const failures = job.status?.failed ?? 0
  if (!failed && failures === 0) return []
  const why = failed ? `${failed.reason ?? 'Failed'}: ${oneLine(failed.message)}` : `${failures} pod(s) failed`
  return [
    // Stryker disable next-line OptionalChaining: a failed condition or count comes from a status, so there is one
    about(t, 'failed', failed || !job.status?.active ? 'high' : 'medium', `${what} failed (${why})`, {
      evidence: {
        failed: failures,
        // Stryker disable next-line OptionalChaining: as above, there is a status here
        succeeded: job.status?.succeeded ?? 0,
        // Stryker disable next-line OptionalChaining: as above, there is a status here
        active: job.status?.active ?? 0,
        reason: failed?.reason,
      },
      recommendation:
        'Read the exit code and previous log of its failed pods; fix the cause and let the next run retry.',
    }),
  ]
}

function cronJobFindings(t: FoundObject, cron: V1CronJob, jobs: V1Job[], what: string): Finding[] {
  const out: Finding[] = []
  if (cron.spec?.suspend) {
    out.push(
      about(t, 'suspended', 'info', `${what} is suspended`, {
        evidence: { suspend: true },
        recommendation: 'No new runs start until it is resumed.',
      }),
    )
  }
  const created = (j: V1Job) => new Date(j.metadata?.creationTimestamp ?? 0).getTime()
  const latest = [...jobs].sort((a, b) => created(b) - created(a))[0]
  const failed = latest?.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True')
  if (latest && failed) {
    out.push(
      about(
        t,
        'last-run-failed',
        'high',
        `${what}: its latest run ${latest.metadata?.name} failed (${failed.reason ?? 'Failed'})`,
        {
          evidence: { job: latest.metadata?.name, reason: failed.reason, message: oneLine(failed.message, 300) },
          recommendation: 'Read that job’s pods: exit code and previous log.',
        },
      ),
    )
  }
  return out
}

function serviceFindings(
  t: FoundObject,
  svc: V1Service,
  pods: V1Pod[],
  ctx: ObjectContext | undefined,
  what: string,
): Finding[] {
  const selector = Object.entries(svc.spec?.selector ?? {})
  if (selector.length === 0) {
    return [
      about(t, 'no-selector', 'info', `${what} has no selector: its endpoints are managed by hand`, {
        evidence: {},
        recommendation: 'Check the Endpoints/EndpointSlices written for it.',
      }),
    ]
  }
  const text = selector.map(([k, v]) => `${k}=${v}`).join(',')
  if (pods.length === 0) {
    return [
      about(t, 'no-pods', 'high', `${what}: no ready endpoints (selector ${text} matches no pod)`, {
        evidence: { selector: text, pods: 0 },
        recommendation: 'Fix the selector or the pods’ labels, or start the workload it should front.',
      }),
    ]
  }
  const endpoints = (ctx?.endpointSlices ?? []).flatMap((s) => s.endpoints ?? [])
  const ready = endpoints.filter((e) => e.conditions?.ready !== false).length
  if (ctx && ready === 0) {
    return [
      about(
        t,
        'no-endpoints',
        'high',
        `${what}: no ready endpoints (0 of ${endpoints.length}; ${pods.length} pods selected)`,
        {
          evidence: { selector: text, pods: pods.length, endpoints: endpoints.length, ready: 0 },
          recommendation: 'Its pods are not ready: see the pod findings.',
        },
      ),
    ]
  }
  return []
}

function claimPhase(t: FoundObject, phase: string | undefined, what: string): Finding[] {
  if (phase === 'Bound') return []
  return [
    about(t, 'claim', 'high', `${what}: not bound (${phase ?? 'no phase'})`, {
      evidence: { phase },
      recommendation: 'Check its StorageClass and provisioner, or create a matching PersistentVolume.',
    }),
  ]
}

/** Claims the pods mount that do not exist or are not bound; the nodes they run on that are not well. */
export function dependencyFindings(t: FoundObject, ctx: ObjectContext): Finding[] {
  const out: Finding[] = []
  for (const c of ctx.pvcs) {
    if (t.kind === 'pvc' && c.name === t.name) continue
    if (c.exists && c.phase === 'Bound') continue
    const state = c.exists ? (c.phase ?? 'not bound') : 'missing'
    out.push(
      about(
        t,
        `claim:${c.name}`,
        'high',
        `PersistentVolumeClaim ${c.namespace}/${c.name} is ${state} (needed by ${c.pods.join(', ')})`,
        {
          evidence: { claim: c.name, exists: c.exists, phase: c.phase, pods: c.pods },
          recommendation: c.exists
            ? 'Check its StorageClass and provisioner.'
            : 'Create the claim, or fix the pod’s volume.',
        },
      ),
    )
  }
  for (const n of ctx.nodes) out.push(...nodeFindings(t, n))
  return out
}

function nodeFindings(t: FoundObject, n: ObjectContext['nodes'][number]): Finding[] {
  const key = targetKey(t)
  const make = (
    detail: string,
    severity: Severity,
    title: string,
    evidence: Record<string, unknown>,
    recommendation: string,
  ): Finding => ({
    id: `k8s-diagnose:${key}:node:${n.name}:${detail}`,
    severity,
    title,
    resource: nodeResource(n.name),
    evidence,
    recommendation,
  })
  if (!n.exists)
    return [make('missing', 'high', `node ${n.name} no longer exists`, {}, 'Its pods must be rescheduled elsewhere.')]
  const out: Finding[] = []
  const ready = n.conditions.find((c) => c.type === 'Ready')
  if (ready?.status !== 'True') {
    out.push(
      make(
        'not-ready',
        'critical',
        `node ${n.name} is NotReady${ready?.reason ? ` (${ready.reason})` : ''}`,
        { ready: ready?.status, reason: ready?.reason },
        'Check the kubelet and the machine; its pods are not served.',
      ),
    )
  }
  for (const c of n.conditions) {
    if (c.status === 'True' && c.type.endsWith('Pressure')) {
      out.push(
        make(
          c.type,
          'high',
          `node ${n.name} has ${c.type}`,
          { condition: c.type, reason: c.reason },
          'The kubelet evicts pods under pressure: free the resource or move pods.',
        ),
      )
    }
  }
  if (n.unschedulable)
    out.push(
      make(
        'cordoned',
        'medium',
        `node ${n.name} is cordoned`,
        { unschedulable: true },
        'No new pods land there until it is uncordoned.',
      ),
    )
  return out
}

export function referenceFindings(t: FoundObject, refs: ReferenceState[]): Finding[] {
  return refs
    .filter((r) => !r.exists && !r.optional)
    .map((r) =>
      about(
        t,
        `missing:${r.kind}:${r.name}`,
        'high',
        `${r.kind} ${r.namespace}/${r.name} does not exist (needed by ${r.pods.join(', ')})`,
        {
          evidence: { kind: r.kind, name: r.name, pods: r.pods },
          recommendation: `Create the ${r.kind}, or fix the reference to it.`,
        },
      ),
    )
}

/** Warning events, grouped by object and reason; those another finding already explains are low. */
export function eventFindings(t: FoundObject, ctx: ObjectContext, explained: Set<string>): Finding[] {
  const groups = new Map<string, ObjectContext['events']>()
  for (const e of ctx.events) {
    const k = `${e.kind}/${e.name}:${e.reason}`
    groups.set(k, [...(groups.get(k) ?? []), e])
  }
  return [...groups.entries()].map(([k, events]) => {
    const e = events[0] as ObjectContext['events'][number]
    const count = events.reduce((sum, x) => sum + x.count, 0)
    return about(
      t,
      `event:${k}`,
      explained.has(e.reason) ? 'low' : 'medium',
      `${e.kind} ${e.name}: ${e.reason} ×${count}: ${oneLine(e.message)}`,
      {
        evidence: { reason: e.reason, count, last: e.last, message: oneLine(e.message, 300) },
        recommendation: 'The event names what the cluster tried and why it failed.',
      },
    )
  })
}
