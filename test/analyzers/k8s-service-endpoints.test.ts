// k8s-service-endpoints, as the k8s-cluster-triage playbook runs it: services from k8s.services.list and
// endpoint slices from k8s.endpointslices.list, no options.
import type { V1Endpoint, V1EndpointSlice, V1Service } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out } from './support.js'

const analysis = await analysisOf('k8s-cluster-triage', 'k8s-service-endpoints')
const run = (services: V1Service[], slices: V1EndpointSlice[]) =>
  analysis.run({ services: out(services), endpointslices: out(slices) })

function service(ns: string, name: string, spec: V1Service['spec'] = { selector: { app: name } }): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, uid: `uid-${ns}-${name}` },
    spec: { type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }], ...spec },
  }
}

/** An endpoint backed by a pod; `ready` left out is a nil condition, which the API says reads as true. */
function endpoint(pod: string, ready?: boolean, ip = '10.0.0.1'): V1Endpoint {
  return {
    addresses: [ip],
    conditions: ready === undefined ? {} : { ready, serving: ready, terminating: false },
    targetRef: { kind: 'Pod', name: pod, namespace: 'shop' },
  }
}

function slice(ns: string, service: string, name: string, endpoints: V1Endpoint[]): V1EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints,
    ports: [{ port: 8080, protocol: 'TCP' }],
  }
}

const web = service('shop', 'web')
const resource = { provider: 'kubernetes', type: 'service', id: 'shop/web', namespace: 'shop' }

describe('k8s-service-endpoints flags', () => {
  it.each([
    {
      state: 'no endpoint at all (its selector matches no running pod) → high',
      slices: [slice('shop', 'web', 'web-abc', [])],
      severity: 'high',
      title: 'Service shop/web has no ready endpoint',
      evidence: { selector: { app: 'web' }, endpoints: 0, ready: 0, slices: ['web-abc'], not_ready: [] },
      advice:
        /list no endpoint, which usually means no running pod matches its selector app=web.*kubectl get pods -n shop -l app=web/,
    },
    {
      state: 'no slice at all → high, no slices seen',
      slices: [],
      severity: 'high',
      title: 'Service shop/web has no ready endpoint',
      evidence: { selector: { app: 'web' }, endpoints: 0, ready: 0, slices: [], not_ready: [] },
      advice: /no running pod matches/,
    },
    {
      state: 'endpoints, none ready → high',
      slices: [slice('shop', 'web', 'web-abc', [endpoint('web-1', false), endpoint('web-2', false)])],
      severity: 'high',
      title: 'Service shop/web has no ready endpoint',
      evidence: {
        selector: { app: 'web' },
        endpoints: 2,
        ready: 0,
        slices: ['web-abc'],
        not_ready: ['web-1', 'web-2'],
      },
      advice: /none is ready.*readiness probes/,
    },
    {
      state: 'some ready, some not → low',
      slices: [slice('shop', 'web', 'web-abc', [endpoint('web-1', true), endpoint('web-2', false)])],
      severity: 'low',
      title: 'Service shop/web: 1 of 2 endpoints not ready',
      evidence: { selector: { app: 'web' }, endpoints: 2, ready: 1, slices: ['web-abc'], not_ready: ['web-2'] },
      advice: /ready ones only/,
    },
    {
      state: 'endpoints counted across all its slices → low',
      slices: [
        slice('shop', 'web', 'web-abc', [endpoint('web-1', true), endpoint('web-2', true)]),
        slice('shop', 'web', 'web-def', [endpoint('web-3', false, '10.0.0.3')]),
      ],
      severity: 'low',
      title: 'Service shop/web: 1 of 3 endpoints not ready',
      evidence: { endpoints: 3, ready: 2, slices: ['web-abc', 'web-def'], not_ready: ['web-3'] },
      advice: /ready ones only/,
    },
    {
      state: 'a headless Service with a selector is checked too',
      services: [service('shop', 'web', { clusterIP: 'None', selector: { app: 'web' } })],
      slices: [slice('shop', 'web', 'web-abc', [endpoint('web-1', false)])],
      severity: 'high',
      title: 'Service shop/web has no ready endpoint',
      evidence: { endpoints: 1, ready: 0 },
      advice: /none is ready/,
    },
  ])('$state', ({ services, slices, severity, title, evidence, advice }) => {
    const findings = run(services ?? [web], slices)
    expect(ids(findings)).toEqual(['k8s-service-endpoints:shop/web'])
    const f = only(findings, 'k8s-service-endpoints:shop/web')
    expect(f).toMatchObject({ severity, title })
    expect(f.resource).toStrictEqual(resource)
    expect(f.evidence).toMatchObject(evidence)
    expect(f.recommendation).toMatch(advice)
  })

  it('names at most 5 of the endpoints not ready, by pod, else by address', () => {
    const many = Array.from({ length: 7 }, (_, i) => endpoint(`web-${i}`, false))
    const addressOnly: V1Endpoint = { addresses: ['10.9.9.9'], conditions: { ready: false } }
    const f = only(
      run([web], [slice('shop', 'web', 'web-abc', [addressOnly, ...many])]),
      'k8s-service-endpoints:shop/web',
    )
    expect(f.evidence.not_ready).toEqual(['10.9.9.9', 'web-0', 'web-1', 'web-2', 'web-3'])
    expect(f.evidence).toMatchObject({ endpoints: 8, ready: 0 })
  })

  it('slices are matched by the service-name label and namespace: others’ do not count', () => {
    const findings = run(
      [web],
      [
        slice('staging', 'web', 'web-staging', [endpoint('web-1', true)]),
        slice('shop', 'api', 'api-abc', [endpoint('api-1', true)]),
        {
          ...slice('shop', 'web', 'unlabelled', [endpoint('x', true)]),
          metadata: { name: 'unlabelled', namespace: 'shop' },
        },
      ],
    )
    expect(only(findings, 'k8s-service-endpoints:shop/web').evidence).toMatchObject({ endpoints: 0, slices: [] })
  })

  it('reports each Service on its own, in the order listed', () => {
    const api = service('shop', 'api')
    const findings = run(
      [web, api, service('shop', 'db')],
      [
        slice('shop', 'web', 'web-abc', [endpoint('web-1', false)]),
        slice('shop', 'api', 'api-abc', [endpoint('api-1', true), endpoint('api-2', false)]),
        slice('shop', 'db', 'db-abc', [endpoint('db-1', true)]),
      ],
    )
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['k8s-service-endpoints:shop/web', 'high'],
      ['k8s-service-endpoints:shop/api', 'low'],
    ])
  })

  it('keeps the selector in the advice to one bounded line', () => {
    const s = service('shop', 'web', { selector: { app: `web\n${'x'.repeat(300)}` } })
    const f = only(run([s], []), 'k8s-service-endpoints:shop/web')
    expect(f.recommendation).not.toMatch(/\n/)
    expect(f.recommendation).toContain(`app=web ${'x'.repeat(191)}…`)
  })
})

describe('k8s-service-endpoints does not flag (next to a Service it does)', () => {
  const control = service('shop', 'control')
  it.each([
    { state: 'every endpoint ready', s: web, slices: [slice('shop', 'web', 'web-abc', [endpoint('web-1', true)])] },
    {
      state: 'a nil ready condition (read as ready)',
      s: web,
      slices: [slice('shop', 'web', 'web-abc', [endpoint('web-1')])],
    },
    {
      state: 'no conditions at all (read as ready)',
      s: web,
      slices: [slice('shop', 'web', 'web-abc', [{ addresses: ['10.0.0.1'] }])],
    },
    { state: 'a Service without a selector (endpoints managed by hand)', s: service('shop', 'web', {}), slices: [] },
    { state: 'a Service with an empty selector', s: service('shop', 'web', { selector: {} }), slices: [] },
    {
      state: 'an ExternalName Service, selector or not',
      s: service('shop', 'web', { type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'web' } }),
      slices: [],
    },
  ])('$state', ({ s, slices }) => {
    expect(ids(run([control, s], slices))).toEqual(['k8s-service-endpoints:shop/control'])
  })

  it('a slice with no endpoints list next to a ready one', () => {
    const empty = { ...slice('shop', 'web', 'web-empty', []), endpoints: undefined } as unknown as V1EndpointSlice
    expect(run([web], [empty, slice('shop', 'web', 'web-abc', [endpoint('web-1', true)])])).toEqual([])
  })
})

describe('k8s-service-endpoints when a list step failed', () => {
  it.each([
    {
      state: 'endpoint slices missing: a blind spot, and no Service reported endpointless',
      steps: { services: out([web]), endpointslices: undefined },
      want: [['k8s-service-endpoints:cluster:not-seen:endpointslices', 'info']],
    },
    {
      state: 'services missing',
      steps: { services: undefined, endpointslices: out([]) },
      want: [['k8s-service-endpoints:cluster:not-seen:services', 'info']],
    },
    {
      state: 'both missing',
      steps: { services: undefined, endpointslices: undefined },
      want: [
        ['k8s-service-endpoints:cluster:not-seen:services', 'info'],
        ['k8s-service-endpoints:cluster:not-seen:endpointslices', 'info'],
      ],
    },
  ])('$state', ({ steps, want }) => {
    expect(analysis.run(steps).map((f) => [f.id, f.severity])).toEqual(want)
  })
})

describe('k8s-service-endpoints: objects with parts missing', () => {
  it('are read without failing', () => {
    const bare = { spec: { selector: { app: 'x' } } } as V1Service
    const nameless = { endpoints: [{ addresses: [], conditions: { ready: false } }] } as unknown as V1EndpointSlice
    const f = only(run([bare, {}], [nameless]), 'k8s-service-endpoints:/')
    expect(f).toMatchObject({
      severity: 'high',
      resource: { provider: 'kubernetes', type: 'service', id: '/', namespace: '' },
      evidence: { endpoints: 0, ready: 0, slices: [] },
    })
  })
})
