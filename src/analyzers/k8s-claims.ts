// PersistentVolumeClaims whose volume is gone, or that still wait for one.
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node'
import { oneLine } from './k8s-object-pods.js'
import { isoTime } from './k8s-util.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

/** The annotation the PV controller sets on a claim it hands to a dynamic provisioner (the older one is beta). */
const provisionerAnnotations = [
  'volume.kubernetes.io/storage-provisioner',
  'volume.beta.kubernetes.io/storage-provisioner',
]

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-claims',
  description:
    'PersistentVolumeClaims Lost, their volume gone (high), and Pending, not bound to a volume yet (medium).',
  inputs: [{ name: 'claims', from: ['k8s.pvcs.list'] }],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.claims) return [blindSpot('k8s-claims', 'claims (the list step failed)', 'kubernetes')]
    const findings: Finding[] = []
    for (const c of itemsOf<V1PersistentVolumeClaim>(inputs.claims)) {
      const phase = c.status?.phase
      if (phase === 'Lost') findings.push(lost(c))
      else if (phase === 'Pending') findings.push(pending(c))
    }
    return findings
  },
}
export default analyzer

function base(c: V1PersistentVolumeClaim): Pick<Finding, 'id' | 'resource' | 'evidence'> {
  const ns = c.metadata?.namespace ?? ''
  const key = `${ns}/${c.metadata?.name ?? ''}`
  const annotations = c.metadata?.annotations ?? {}
  return {
    id: `k8s-claims:${key}`,
    resource: { provider: 'kubernetes', type: 'persistentvolumeclaim', id: key, namespace: ns },
    evidence: {
      phase: c.status?.phase,
      storage_class: c.spec?.storageClassName,
      requested: c.spec?.resources?.requests?.storage,
      access_modes: c.spec?.accessModes ?? [],
      volume: c.spec?.volumeName,
      provisioner: provisionerAnnotations.map((a) => annotations[a]).find((p) => p !== undefined),
      created: isoTime(c.metadata?.creationTimestamp),
    },
  }
}

function lost(c: V1PersistentVolumeClaim): Finding {
  const b = base(c)
  const volume = c.spec?.volumeName
  return {
    ...b,
    severity: 'high',
    title: `PersistentVolumeClaim ${b.resource.id} is Lost: its volume${volume ? ` ${oneLine(volume)}` : ''} is gone`,
    recommendation:
      'The PersistentVolume it was bound to was deleted (`kubectl get pv` no longer lists it). Restore the data from a backup or snapshot into a new volume; the pods that mount this claim cannot start until then.',
  }
}

function pending(c: V1PersistentVolumeClaim): Finding {
  const b = base(c)
  const sc = c.spec?.storageClassName
  const size = c.spec?.resources?.requests?.storage
  const detail = [sc ? `storage class ${oneLine(sc, 60)}` : undefined, size ? oneLine(size, 20) : undefined]
    .filter(Boolean)
    .join(', ')
  return {
    ...b,
    severity: 'medium',
    title: `PersistentVolumeClaim ${b.resource.id} is Pending${detail ? ` (${detail})` : ''}`,
    recommendation:
      sc === ''
        ? 'It names no storage class, so it binds only to an existing PersistentVolume of its size and access modes: create one, or set a storage class.'
        : `Check that storage class ${sc ? oneLine(sc, 60) : '(the default one)'} exists (\`kubectl get storageclass\`) and that its provisioner is running, and read the claim’s events (\`kubectl describe pvc\`) for ProvisioningFailed; with volumeBindingMode WaitForFirstConsumer it waits until a pod uses it.`,
  }
}
