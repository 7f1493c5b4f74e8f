// Services that select pods but have no ready endpoint to send traffic to, or only some.
import type { V1Endpoint, V1EndpointSlice, V1Service } from '@kubernetes/client-node'
import { oneLine } from './k8s-object-pods.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

/** The label the EndpointSlice controller puts on each slice it manages for a Service. */
const serviceNameLabel = 'kubernetes.io/service-name'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'k8s-service-endpoints',
  description: 'Services with a selector and no ready endpoint (high), and ones with some endpoints not ready (low).',
  inputs: [
    { name: 'services', from: ['k8s.services.list'] },
    { name: 'endpointslices', from: ['k8s.endpointslices.list'] },
  ],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    const missing = [
      inputs.services ? undefined : blindSpot('k8s-service-endpoints', 'services (the list step failed)', 'kubernetes'),
      inputs.endpointslices
        ? undefined
        : blindSpot('k8s-service-endpoints', 'endpointslices (the list step failed)', 'kubernetes'),
    ].filter((f) => f !== undefined)
    // Without the slices every Service would look endpointless: say what was not seen, and nothing else.
    if (missing.length) return missing
    const slices = itemsOf<V1EndpointSlice>(inputs.endpointslices)
    const findings: Finding[] = []
    for (const s of itemsOf<V1Service>(inputs.services)) {
      const selector = s.spec?.selector ?? {}
      // Without a selector its endpoints are written by hand (or by another controller); ExternalName has none.
      if (Object.keys(selector).length === 0 || s.spec?.type === 'ExternalName') continue
      const ns = s.metadata?.namespace ?? ''
      const name = s.metadata?.name ?? ''
      const own = slices.filter((e) => e.metadata?.namespace === ns && e.metadata?.labels?.[serviceNameLabel] === name)
      const endpoints = own.flatMap((e) => e.endpoints ?? [])
      const notReady = endpoints.filter((e) => !isReady(e))
      const ready = endpoints.length - notReady.length
      if (endpoints.length > 0 && notReady.length === 0) continue
      findings.push(finding(s, selector, { endpoints, ready, notReady, slices: own }))
    }
    return findings
  },
}
export default analyzer

/** The API: "A nil value should be interpreted as true" — only an explicit false is not ready. */
const isReady = (e: V1Endpoint) => e.conditions?.ready !== false

interface Seen {
  endpoints: V1Endpoint[]
  ready: number
  notReady: V1Endpoint[]
  slices: V1EndpointSlice[]
}

function finding(s: V1Service, selector: Record<string, string>, seen: Seen): Finding {
  const ns = s.metadata?.namespace ?? ''
  const key = `${ns}/${s.metadata?.name ?? ''}`
  const none = seen.ready === 0
  const labels = oneLine(
    Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    200,
  )
  return {
    id: `k8s-service-endpoints:${key}`,
    severity: none ? 'high' : 'low',
    title: none
      ? `Service ${key} has no ready endpoint`
      : `Service ${key}: ${seen.notReady.length} of ${seen.endpoints.length} endpoints not ready`,
    resource: { provider: 'kubernetes', type: 'service', id: key, namespace: ns },
    evidence: {
      selector,
      endpoints: seen.endpoints.length,
      ready: seen.ready,
      slices: seen.slices.map((e) => e.metadata?.name),
      not_ready: seen.notReady.slice(0, 5).map((e) => e.targetRef?.name ?? e.addresses?.[0]),
    },
    recommendation: advice(ns, labels, seen),
  }
}

function advice(ns: string, labels: string, seen: Seen): string {
  if (seen.endpoints.length === 0)
    return `Its EndpointSlices list no endpoint, which usually means no running pod matches its selector ${labels}: compare it with the pods’ labels (\`kubectl get pods -n ${ns} -l ${labels}\`) and check that the workload has replicas.`
  if (seen.ready === 0)
    return 'Its pods exist but none is ready, so the Service sends traffic nowhere: read their readiness probes, events and logs (`kubectl describe pod`).'
  return 'Traffic goes to the ready ones only: read the readiness probes, events and logs of the pods not ready (in the evidence).'
}
