// k8s-claims, as the k8s-cluster-triage playbook runs it: claims from k8s.pvcs.list, no options.
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out, when } from './support.js'

const analysis = await analysisOf('k8s-cluster-triage', 'k8s-claims')
const run = (claims: V1PersistentVolumeClaim[]) => analysis.run({ claims: out(claims) })

interface ClaimSpec {
  phase?: string
  storageClass?: string
  size?: string
  volume?: string
  annotations?: Record<string, string>
}

function claim(ns: string, name: string, c: ClaimSpec = {}): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${ns}-${name}`,
      creationTimestamp: when,
      ...(c.annotations ? { annotations: c.annotations } : {}),
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: c.size ?? '10Gi' } },
      ...('storageClass' in c ? { storageClassName: c.storageClass } : { storageClassName: 'gp3' }),
      ...(c.volume ? { volumeName: c.volume } : {}),
    },
    status: {
      phase: c.phase ?? 'Bound',
      ...(c.phase === 'Bound' || !c.phase ? { capacity: { storage: '10Gi' } } : {}),
    },
  }
}

const bound = (ns: string, name: string) => claim(ns, name, { volume: `pvc-${name}` })
const provisioner = { 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' }

describe('k8s-claims flags', () => {
  it.each([
    {
      state: 'Lost → high: its volume is gone',
      c: claim('shop', 'data', { phase: 'Lost', volume: 'pvc-0a1b' }),
      severity: 'high',
      title: 'PersistentVolumeClaim shop/data is Lost: its volume pvc-0a1b is gone',
      evidence: {
        phase: 'Lost',
        storage_class: 'gp3',
        requested: '10Gi',
        access_modes: ['ReadWriteOnce'],
        volume: 'pvc-0a1b',
        provisioner: undefined,
        created: when.toISOString(),
      },
      advice: /was deleted.*backup or snapshot/,
    },
    {
      state: 'Lost with no volume name left → high',
      c: claim('shop', 'data', { phase: 'Lost' }),
      severity: 'high',
      title: 'PersistentVolumeClaim shop/data is Lost: its volume is gone',
      evidence: { phase: 'Lost', volume: undefined },
      advice: /backup or snapshot/,
    },
    {
      state: 'Pending → medium, with its storage class, size, provisioner and creation time',
      c: claim('shop', 'cache', { phase: 'Pending', size: '50Gi', annotations: provisioner }),
      severity: 'medium',
      title: 'PersistentVolumeClaim shop/cache is Pending (storage class gp3, 50Gi)',
      evidence: {
        phase: 'Pending',
        storage_class: 'gp3',
        requested: '50Gi',
        access_modes: ['ReadWriteOnce'],
        volume: undefined,
        provisioner: 'ebs.csi.aws.com',
        created: when.toISOString(),
      },
      advice: /storage class gp3 exists.*provisioner is running.*WaitForFirstConsumer/,
    },
    {
      state: 'Pending, provisioner from the beta annotation',
      c: claim('shop', 'cache', {
        phase: 'Pending',
        annotations: { 'volume.beta.kubernetes.io/storage-provisioner': 'kubernetes.io/aws-ebs' },
      }),
      severity: 'medium',
      title: 'PersistentVolumeClaim shop/cache is Pending (storage class gp3, 10Gi)',
      evidence: { provisioner: 'kubernetes.io/aws-ebs' },
      advice: /storage class gp3 exists/,
    },
    {
      state: 'Pending without a storage class set: the default one',
      c: claim('shop', 'cache', { phase: 'Pending', storageClass: undefined }),
      severity: 'medium',
      title: 'PersistentVolumeClaim shop/cache is Pending (10Gi)',
      evidence: { storage_class: undefined },
      advice: /storage class \(the default one\) exists/,
    },
    {
      state: 'Pending with the empty storage class: it waits for a matching PersistentVolume',
      c: claim('shop', 'cache', { phase: 'Pending', storageClass: '' }),
      severity: 'medium',
      title: 'PersistentVolumeClaim shop/cache is Pending (10Gi)',
      evidence: { storage_class: '' },
      advice: /names no storage class.*existing PersistentVolume/,
    },
  ])('$state', ({ c, severity, title, evidence, advice }) => {
    const findings = run([bound('shop', 'ok'), c])
    const id = `k8s-claims:shop/${c.metadata?.name}`
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f).toMatchObject({ severity, title })
    expect(f.resource).toStrictEqual({
      provider: 'kubernetes',
      type: 'persistentvolumeclaim',
      id: `shop/${c.metadata?.name}`,
      namespace: 'shop',
    })
    expect(f.evidence).toMatchObject(evidence)
    expect(f.recommendation).toMatch(advice)
  })

  it('reports each claim in its own namespace, in the order listed', () => {
    const findings = run([
      claim('shop', 'data', { phase: 'Pending' }),
      claim('staging', 'data', { phase: 'Lost' }),
      bound('shop', 'ok'),
    ])
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['k8s-claims:shop/data', 'medium'],
      ['k8s-claims:staging/data', 'high'],
    ])
  })
})

describe('k8s-claims does not flag', () => {
  it.each([
    { state: 'a Bound claim', c: bound('shop', 'data') },
    { state: 'a claim with no status yet', c: { ...bound('shop', 'data'), status: undefined } },
    { state: 'a phase it does not know', c: claim('shop', 'data', { phase: 'Terminating' }) },
  ])('$state', ({ c }) => {
    expect(run([c])).toEqual([])
  })

  it('no claims at all', () => {
    expect(run([])).toEqual([])
  })
})

describe('k8s-claims: cluster text and missing parts', () => {
  it('keeps a title to one bounded line, whatever the storage class and volume name hold', () => {
    const c = claim('shop', 'data', { phase: 'Pending', storageClass: `fast\n${'x'.repeat(100)}`, size: '1Gi\r' })
    const f = only(run([c]), 'k8s-claims:shop/data')
    expect(f.title).toBe(`PersistentVolumeClaim shop/data is Pending (storage class fast ${'x'.repeat(54)}…, 1Gi)`)
    const lost = only(run([claim('shop', 'old', { phase: 'Lost', volume: 'pv\u0007x' })]), 'k8s-claims:shop/old')
    expect(lost.title).toBe('PersistentVolumeClaim shop/old is Lost: its volume pv x is gone')
  })

  it('a claim with parts missing is read without failing', () => {
    const f = only(run([{ status: { phase: 'Pending' } }]), 'k8s-claims:/')
    expect(f).toStrictEqual({
      id: 'k8s-claims:/',
      severity: 'medium',
      title: 'PersistentVolumeClaim / is Pending',
      resource: { provider: 'kubernetes', type: 'persistentvolumeclaim', id: '/', namespace: '' },
      evidence: {
        phase: 'Pending',
        storage_class: undefined,
        requested: undefined,
        access_modes: [],
        volume: undefined,
        provisioner: undefined,
        created: undefined,
      },
      recommendation: expect.stringMatching(/the default one/),
    })
  })

  it('a creation time read back from JSON (a string) is still given as ISO; an unreadable one is left out', () => {
    const fromJson = { ...claim('shop', 'a', { phase: 'Pending' }) }
    fromJson.metadata = { ...fromJson.metadata, creationTimestamp: '2026-11-20T10:00:00+01:00' as never }
    const garbled = { ...claim('shop', 'b', { phase: 'Pending' }) }
    garbled.metadata = { ...garbled.metadata, creationTimestamp: 'yesterday' as never }
    const [a, b] = run([fromJson, garbled])
    expect(a?.evidence.created).toBe('2026-11-20T09:00:00.000Z')
    expect(b?.evidence.created).toBeUndefined()
  })
})

describe('k8s-claims when claims could not be listed', () => {
  it('says so (info)', () => {
    expect(analysis.run({ claims: undefined }).map((f) => [f.id, f.severity, f.title])).toEqual([
      ['k8s-claims:cluster:not-seen:claims', 'info', 'Not checked: claims (the list step failed)'],
    ])
  })
})
