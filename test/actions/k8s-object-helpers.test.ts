// The pure parts of the object-diagnosis actions: which ConfigMaps and Secrets pods reference (and whether every
// reference is optional), and the close names offered when an object is not found.
import type { V1Pod } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { closeNames } from '../../src/actions/k8s/close-names.js'
import { referencesOf } from '../../src/actions/k8s/objects-references.js'
import { restartedContainers } from '../../src/actions/k8s/pods-previous-logs.js'

const pod = (name: string, spec: V1Pod['spec']): V1Pod => ({ metadata: { name, namespace: 'shop' }, spec })

describe('referencesOf', () => {
  it('finds ConfigMaps and Secrets in volumes, projected volumes, env and envFrom, once each, with their pods', () => {
    const a = pod('a', {
      containers: [
        {
          name: 'app',
          env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
          envFrom: [{ configMapRef: { name: 'settings' } }],
        },
      ],
      volumes: [
        { name: 'v1', secret: { secretName: 'tls' } },
        { name: 'v2', projected: { sources: [{ configMap: { name: 'ca' } }] } },
      ],
    })
    const b = pod('b', {
      initContainers: [{ name: 'init', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'p' } } }] }],
      containers: [{ name: 'app' }],
    })
    expect(referencesOf([a, b])).toEqual([
      { kind: 'ConfigMap', namespace: 'shop', name: 'ca', optional: false, pods: ['a'] },
      { kind: 'ConfigMap', namespace: 'shop', name: 'settings', optional: false, pods: ['a'] },
      { kind: 'Secret', namespace: 'shop', name: 'db', optional: false, pods: ['a', 'b'] },
      { kind: 'Secret', namespace: 'shop', name: 'tls', optional: false, pods: ['a'] },
    ])
  })

  it('is optional only when every reference says so', () => {
    const optional = pod('a', {
      containers: [{ name: 'app', envFrom: [{ secretRef: { name: 's', optional: true } }] }],
    })
    const required = pod('b', { containers: [{ name: 'app', envFrom: [{ secretRef: { name: 's' } }] }] })
    expect(referencesOf([optional]).map((r) => r.optional)).toEqual([true])
    expect(referencesOf([optional, required]).map((r) => r.optional)).toEqual([false])
  })

  it('a pod that references nothing has no references', () => {
    expect(referencesOf([pod('a', { containers: [{ name: 'app', env: [{ name: 'X', value: 'literal' }] }] })])).toEqual(
      [],
    )
  })
})

describe('closeNames', () => {
  const names = ['payment-api', 'payments-worker', 'checkout', 'redis', 'payment-api-canary']
  it('offers the nearest names, nearest first', () => {
    expect(closeNames('payment-apj', names)).toEqual(['payment-api'])
    expect(closeNames('payment', names)).toEqual(['payment-api', 'payment-api-canary', 'payments-worker'])
    expect(closeNames('chekout', names)).toEqual(['checkout'])
  })
  it('offers nothing far away, and never the name itself', () => {
    expect(closeNames('zookeeper', names)).toEqual([])
    expect(closeNames('redis', names)).toEqual([])
  })
})

describe('restartedContainers (whose previous log is read)', () => {
  const status = (name: string, restartCount: number) => ({ name, restartCount, ready: false, image: 'x', imageID: '' })
  it('takes init containers too, most restarts first, and leaves out those that never restarted', () => {
    const p: V1Pod = {
      metadata: { name: 'a', namespace: 'shop' },
      status: {
        initContainerStatuses: [status('migrate', 4)],
        containerStatuses: [status('app', 9), status('side', 0)],
      },
    }
    expect(restartedContainers([p]).map((c) => `${c.container}:${c.restarts}`)).toEqual(['app:9', 'migrate:4'])
  })
})
