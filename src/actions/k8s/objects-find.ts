import { kubeStatus } from '../../clients/k8s.js'
import { describeKubeError } from '../../clients/k8s-retry.js'
import { IntentRejectedError, UsageError } from '../../errors.js'
import type { ActionContext, ActionDefinition } from '../types.js'
import { closeNames } from './close-names.js'
import { namespaceParam } from './common.js'
import { type FoundObject, type KubeKind, type KubeObject, kubeKinds } from './diagnose-types.js'
import { listKind, resourceOf, someNames } from './object-kinds.js'

interface Params {
  name?: string
  kind?: KubeKind
  namespace?: string
}

type Named = Params & { name: string }

/** When a Deployment and its Service share a name, the question is about the workload: the Service is context. */
const preference: KubeKind[] = [...kubeKinds]

/** "payment-api-7d9f8b6c5-x2x9z" (a pod) and "payment-api-7d9f8b6c5" (its ReplicaSet) both name Deployment payment-api. */
const hashSuffixes = [/^(.+)-[b-df-hj-np-tv-z2-9]{6,10}-[b-df-hj-np-tv-z2-9]{5}$/, /^(.+)-[b-df-hj-np-tv-z2-9]{6,10}$/]

const action: ActionDefinition<Params, FoundObject> = {
  id: 'k8s.objects.find',
  provider: 'kubernetes',
  risk: 'read',
  description:
    'The one object a question names, by exact name (of the given kind, else of any kind a question can name), across the namespaces the user can list when none is given.',
  params: {
    type: 'object',
    additionalProperties: false,
    // Not `required` here: a playbook binds it from a param the planner already demands (required: true).
    properties: {
      name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
      kind: { enum: [...kubeKinds] },
      namespace: namespaceParam,
    },
  },
  permissions: kubeKinds.map((k) => `list ${resourceOf[k]}`),
  async execute(ctx, params) {
    if (!params.name) throw new UsageError('k8s.objects.find needs a name', { hint: 'Pass --param name=<object>.' })
    const p = { ...params, name: params.name }
    const kinds = p.kind ? [p.kind] : preference
    const notes: string[] = []
    let found = await findExact(ctx, p.name, kinds, p.namespace, notes)
    if (found.length === 0 && (!p.kind || p.kind === 'pod' || p.kind === 'deployment')) {
      found = await findByHash(ctx, p.name, p.namespace, notes)
    }
    if (found.length === 0) throw await notFound(ctx, p, kinds)
    return { items: [pickOne(found, p)], ...(notes.length ? { notes } : {}) }
  },
}
export default action

async function findExact(
  ctx: ActionContext,
  name: string,
  kinds: readonly KubeKind[],
  namespace: string | undefined,
  notes: string[],
): Promise<FoundObject[]> {
  const fieldSelector = `metadata.name=${name}`
  const failures: unknown[] = []
  const results = await Promise.all(
    kinds.map(async (kind) => {
      try {
        const items = await listKind(ctx, kind, { namespace: kind === 'node' ? undefined : namespace, fieldSelector })
        return items.map((object) => foundObject(kind, object))
      } catch (err) {
        // Looking through every kind: one the user may not list is a blind spot, said plainly, not the end.
        if (kinds.length === 1 || ctx.signal.aborted) throw err
        failures.push(err)
        const why = kubeStatus(err) === 403 ? 'access denied' : (describeKubeError(err) ?? 'the request failed')
        notes.push(`could not look among ${resourceOf[kind]} (${why}; it needs list ${resourceOf[kind]})`)
        return []
      }
    }),
  )
  // Nothing could be listed at all: that is the answer to report (e.g. access denied), not "no such object".
  if (failures.length === kinds.length) throw failures[0]
  return results.flat()
}

async function findByHash(
  ctx: ActionContext,
  name: string,
  namespace: string | undefined,
  notes: string[],
): Promise<FoundObject[]> {
  for (const pattern of hashSuffixes) {
    const base = pattern.exec(name)?.[1]
    if (!base) continue
    const found = await findExact(ctx, base, ['deployment'], namespace, notes).catch(() => [])
    if (found.length) return found.map((f) => ({ ...f, resolvedFrom: `${name} (its ReplicaSet hash removed)` }))
  }
  return []
}

function foundObject(kind: KubeKind, object: KubeObject): FoundObject {
  const m = object.metadata
  return {
    kind,
    name: m?.name ?? '',
    ...(kind === 'node' ? {} : { namespace: m?.namespace ?? '' }),
    uid: m?.uid ?? '',
    object,
  }
}

/** One namespace: its most workload-like match. Several namespaces: the person must say which (exit 3). */
function pickOne(found: FoundObject[], p: Named): FoundObject {
  const namespaces = [...new Set(found.map((f) => f.namespace ?? ''))]
  if (namespaces.length > 1) {
    const listed = found.map(describe).join(', ')
    throw new IntentRejectedError(`"${p.name}" names ${found.length} objects: ${listed}`, {
      hint: `Say which namespace: add "in namespace <ns>" to the question, or --param namespace=<ns>.`,
      details: { candidates: found.map((f) => ({ kind: f.kind, namespace: f.namespace, name: f.name })) },
    })
  }
  const rank = (f: FoundObject) => preference.indexOf(f.kind)
  return [...found].sort((a, b) => rank(a) - rank(b))[0] as FoundObject
}

const describe = (f: FoundObject) => `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`

async function notFound(ctx: ActionContext, p: Named, kinds: readonly KubeKind[]): Promise<IntentRejectedError> {
  const where = p.namespace ? `namespace ${p.namespace}` : 'any namespace you can list'
  const names = new Set<string>()
  for (const kind of kinds) {
    try {
      for (const n of await someNames(ctx, kind, kind === 'node' ? undefined : p.namespace)) names.add(n)
    } catch {
      // Suggestions are a courtesy: a kind that cannot be listed just offers none.
    }
  }
  const close = closeNames(p.name, [...names])
  const searched = kinds.map((k) => resourceOf[k]).join(', ')
  return new IntentRejectedError(`no object named "${p.name}" in ${where} (searched ${searched})`, {
    hint: close.length
      ? `Did you mean ${close.join(', or ')}?`
      : 'Check the name (and the namespace and context); `kubectl get all -A | grep <name>` lists candidates.',
    details: { searched: kinds.map((k) => resourceOf[k]), close_names: close },
  })
}
