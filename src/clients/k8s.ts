// Kubernetes API clients from KUBECONFIG and the environment's context, loaded on first use per run.
import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import type { ActionContext } from '../actions/types.js'
import { UsageError } from '../errors.js'

type Ctx = Pick<ActionContext, 'environment' | 'metrics'>
type ApiClass<A> = new (...args: never[]) => A

const configs = new WeakMap<object, KubeConfig>()

export async function kubeConfig(ctx: Ctx): Promise<KubeConfig> {
  const cached = configs.get(ctx.metrics)
  if (cached) return cached
  const k8s = await import('@kubernetes/client-node')
  const kc = new k8s.KubeConfig()
  kc.loadFromDefault()
  const wanted = ctx.environment.kubernetes?.context
  if (wanted) {
    if (!kc.getContexts().some((c) => c.name === wanted)) {
      throw new UsageError(`kube context "${wanted}" (environment ${ctx.environment.name}) is not in your kubeconfig`, {
        hint: 'Check `kubectl config get-contexts`, or fix environments.<env>.kubernetes.context in config.yaml.',
      })
    }
    kc.setCurrentContext(wanted)
  }
  if (!kc.getCurrentCluster()) {
    throw new UsageError('no Kubernetes cluster is configured (empty kubeconfig or no current context)', {
      hint: 'Set KUBECONFIG, or name a context in config.yaml under environments.<env>.kubernetes.context.',
    })
  }
  configs.set(ctx.metrics, kc)
  return kc
}

export async function kubeApi<A>(ctx: Ctx, pick: (k8s: typeof import('@kubernetes/client-node')) => ApiClass<A>) {
  const kc = await kubeConfig(ctx)
  const k8s = await import('@kubernetes/client-node')
  return kc.makeApiClient(pick(k8s) as never) as A
}

export const coreApi = (ctx: Ctx) => kubeApi<CoreV1Api>(ctx, (k) => k.CoreV1Api)

/** Follow `continue` to the end, in pages of 500, counting each request. */
export async function listAll<T>(
  ctx: Ctx,
  page: (cont: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
  maxPages = 1000,
): Promise<T[]> {
  const out: T[] = []
  let cont: string | undefined
  for (let i = 0; i < maxPages; i++) {
    ctx.metrics.apiCalls++
    const r = await page(cont)
    out.push(...r.items)
    cont = r.metadata?._continue || undefined
    if (!cont) return out
  }
  throw new Error(`stopped after ${maxPages} pages: the API kept returning a continue token`)
}

export const pageSize = 500

/** The HTTP status of a client-node error, when it has one. */
export function kubeStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'number' ? code : undefined
}
