import type { V1Pod } from '@kubernetes/client-node'
import { kubeConfig, kubeRequest, kubeStatus } from '../../clients/k8s.js'
import { withRetries } from '../../clients/k8s-retry.js'
import type { ActionContext, ActionDefinition } from '../types.js'
import type { ReferenceState } from './diagnose-types.js'

/** A pod references a handful; a workload's pods share theirs. */
const maxReferences = 50
/** Ask for the object's metadata only: a Secret's data never crosses the wire, let alone reaches a report. */
const metadataOnly = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1'

const action: ActionDefinition<Record<string, never>, ReferenceState> = {
  id: 'k8s.objects.references',
  provider: 'kubernetes',
  risk: 'read',
  description:
    'Whether the ConfigMaps and Secrets the input pods reference (volumes, env, envFrom, projected) exist: metadata only, never their contents.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  permissions: ['get configmaps', 'get secrets'],
  accepts_input_from: ['k8s.objects.pods', 'k8s.pods.list'],
  async execute(ctx) {
    const pods = Object.values(ctx.inputs).flatMap((o) => o.items as V1Pod[])
    const refs = referencesOf(pods)
    const checked = await Promise.all(refs.slice(0, maxReferences).map((r) => withExistence(ctx, r)))
    const notes =
      refs.length > maxReferences ? [`${refs.length} references; the first ${maxReferences} checked`] : undefined
    return { items: checked, ...(notes ? { notes } : {}) }
  },
}
export default action

type Ref = Omit<ReferenceState, 'exists'>

/** Every ConfigMap and Secret the pods name, with whether every reference to it is optional. */
export function referencesOf(pods: V1Pod[]): Ref[] {
  const refs = new Map<string, Ref>()
  const add = (pod: V1Pod, kind: Ref['kind'], name: string | undefined, optional: boolean | undefined) => {
    if (!name) return
    const namespace = pod.metadata?.namespace ?? ''
    const key = `${kind}/${namespace}/${name}`
    const ref = refs.get(key) ?? { kind, namespace, name, optional: true, pods: [] }
    ref.optional &&= optional === true
    const podName = pod.metadata?.name ?? ''
    if (!ref.pods.includes(podName)) ref.pods.push(podName)
    refs.set(key, ref)
  }
  for (const pod of pods) {
    for (const v of pod.spec?.volumes ?? []) {
      add(pod, 'ConfigMap', v.configMap?.name, v.configMap?.optional)
      add(pod, 'Secret', v.secret?.secretName, v.secret?.optional)
      for (const s of v.projected?.sources ?? []) {
        add(pod, 'ConfigMap', s.configMap?.name, s.configMap?.optional)
        add(pod, 'Secret', s.secret?.name, s.secret?.optional)
      }
    }
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
      for (const e of c.envFrom ?? []) {
        add(pod, 'ConfigMap', e.configMapRef?.name, e.configMapRef?.optional)
        add(pod, 'Secret', e.secretRef?.name, e.secretRef?.optional)
      }
      for (const e of c.env ?? []) {
        add(pod, 'ConfigMap', e.valueFrom?.configMapKeyRef?.name, e.valueFrom?.configMapKeyRef?.optional)
        add(pod, 'Secret', e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.optional)
      }
    }
  }
  return [...refs.values()].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`))
}

async function withExistence(ctx: ActionContext, r: Ref): Promise<ReferenceState> {
  const kc = await kubeConfig(ctx)
  const plural = r.kind === 'Secret' ? 'secrets' : 'configmaps'
  const path = `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/${plural}/${encodeURIComponent(r.name)}`
  const timeoutMs = Math.max(1000, (ctx.deadline ?? Date.now() + 30_000) - Date.now())
  try {
    await withRetries(ctx, () => kubeRequest(kc, 'GET', path, { timeoutMs, signal: ctx.signal, accept: metadataOnly }))
    return { ...r, exists: true }
  } catch (err) {
    if (kubeStatus(err) === 404) return { ...r, exists: false }
    throw err
  }
}
