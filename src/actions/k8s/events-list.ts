import type { CoreV1Event } from '@kubernetes/client-node'
import { coreApi, listAll, pageSize } from '../../clients/k8s.js'
import { parseDuration } from '../../util/duration.js'
import type { ActionDefinition } from '../types.js'
import { namespaceOf, namespaceParam, selectorParam } from './common.js'

interface Params {
  namespace?: string
  types?: string[]
  field_selector?: string
  since?: string
}

export function sinceMs(since: string): number {
  const ms = parseDuration(since, ['m', 'h', 'd'])
  if (ms === undefined) throw new Error(`invalid duration "${since}" (use e.g. 30m, 1h, 2d)`)
  return ms
}

function lastSeen(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.series?.lastObservedTime ?? e.metadata?.creationTimestamp
  return t ? new Date(t).getTime() : 0
}

const action: ActionDefinition<Params, CoreV1Event> = {
  id: 'k8s.events.list',
  provider: 'kubernetes',
  risk: 'read',
  description: 'Events (optionally only Warnings, only recent ones), newest first.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      namespace: namespaceParam,
      types: { type: 'array', items: { enum: ['Normal', 'Warning'] }, maxItems: 1 },
      field_selector: selectorParam,
      since: { type: 'string', pattern: '^[0-9]+[mhd]$' },
    },
  },
  permissions: ['list events'],
  async execute(ctx, p) {
    const api = await coreApi(ctx)
    const namespace = namespaceOf(p, ctx.environment)
    const selectors = [p.field_selector, ...(p.types ?? []).map((t) => `type=${t}`)].filter(Boolean)
    const q = { fieldSelector: selectors.length ? selectors.join(',') : undefined, limit: pageSize }
    const events = await listAll(ctx, (_continue) =>
      namespace
        ? api.listNamespacedEvent({ namespace, ...q, _continue })
        : api.listEventForAllNamespaces({ ...q, _continue }),
    )
    const cutoff = p.since ? Date.now() - sinceMs(p.since) : 0
    const items = events.filter((e) => lastSeen(e) >= cutoff).sort((a, b) => lastSeen(b) - lastSeen(a))
    return { items }
  },
}
export default action
