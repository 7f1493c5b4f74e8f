// The one shape of a "list the objects of a kind" action: the step's namespace (else the environment's, else every
// namespace), the selectors its params allow, every page (each retried, stopped when the step is: listAll), and the
// items as the API returns them. A new kind is a file naming its API and its two list calls.
import { listAll, pageSize } from '../../clients/k8s.js'
import type { ActionContext, ActionDefinition } from '../types.js'
import { namespaceOf, namespaceParam, selectorParam } from './common.js'

type Selector = 'label_selector' | 'field_selector'

interface ListParams {
  namespace?: string
  label_selector?: string
  field_selector?: string
}

/** One page's request, as client-node's list calls take it. */
interface PageQuery {
  labelSelector?: string
  fieldSelector?: string
  limit: number
  _continue?: string
}

type Page<T> = Promise<{ items: T[]; metadata?: { _continue?: string } }>

interface NamespacedListSpec<A, T> {
  id: string
  description: string
  /** The plural RBAC names ("deployments"): the action needs "list <resource>". */
  resource: string
  /** The selector params the action takes, in the schema's order. */
  selectors: readonly Selector[]
  /** The typed API client the calls are made with (appsApi, coreApi). */
  api: (ctx: ActionContext) => Promise<A>
  inNamespace: (api: A, q: PageQuery & { namespace: string }) => Page<T>
  allNamespaces: (api: A, q: PageQuery) => Page<T>
}

const queryKey = { label_selector: 'labelSelector', field_selector: 'fieldSelector' } as const

/** A read-only action that lists every object of one kind the params select. */
export function namespacedListAction<A, T>(spec: NamespacedListSpec<A, T>): ActionDefinition<ListParams, T> {
  const selectorParams = Object.fromEntries(spec.selectors.map((s) => [s, selectorParam]))
  return {
    id: spec.id,
    provider: 'kubernetes',
    risk: 'read',
    description: spec.description,
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { namespace: namespaceParam, ...selectorParams },
    },
    permissions: [`list ${spec.resource}`],
    async execute(ctx, p) {
      const api = await spec.api(ctx)
      const namespace = namespaceOf(p, ctx.environment)
      const q: PageQuery = { limit: pageSize }
      for (const s of spec.selectors) q[queryKey[s]] = p[s]
      const items = await listAll(ctx, (_continue) =>
        namespace
          ? spec.inNamespace(api, { namespace, ...q, _continue })
          : spec.allNamespaces(api, { ...q, _continue }),
      )
      return { items }
    },
  }
}
