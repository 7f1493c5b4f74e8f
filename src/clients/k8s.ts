// Kubernetes API clients from KUBECONFIG and the environment's context, loaded on first use per run (and kept in the
// run's clients).
import { existsSync } from 'node:fs'
import type { RequestOptions } from 'node:https'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import type {
  ApiType,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  Configuration,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  PolicyV1Api,
  SecurityAuthentication,
} from '@kubernetes/client-node'
import type { ActionContext } from '../actions/types.js'
import { UsageError } from '../errors.js'
import { sharedAgent } from './k8s-agent.js'
import { withRetries } from './k8s-retry.js'

/**
 * All cloudops takes from @kubernetes/client-node at run time. The build bundles only these into
 * dist/bundle/k8s-client.js (scripts/bundle.js): one file of what is used, instead of the package's ~970 files.
 */
export const kubeClientExports = [
  'AppsV1Api',
  'AutoscalingV2Api',
  'BatchV1Api',
  'CoreV1Api',
  'CustomObjectsApi',
  'DiscoveryV1Api',
  'KubeConfig',
  'PolicyV1Api',
  'ServerConfiguration',
  'createConfiguration',
] as const
type KubeClient = Pick<typeof import('@kubernetes/client-node'), (typeof kubeClientExports)[number]>
const kubeClient = (): Promise<KubeClient> => import('@kubernetes/client-node')

type Ctx = Pick<ActionContext, 'environment' | 'clients'> & { signal?: AbortSignal }
/** A typed API client class (CoreV1Api, AppsV1Api, …), as client-node's makeApiClient takes it. */
type ApiClass<A extends ApiType> = new (config: Configuration) => A
type Env = Record<string, string | undefined>

const inClusterToken = '/var/run/secrets/kubernetes.io/serviceaccount/token'

/** Where the kubeconfig comes from, as said to a user: "KUBECONFIG=/a:/b", "~/.kube/config" or "in-cluster". */
export interface LoadedKubeConfig {
  kc: KubeConfig
  source: string
}

/**
 * KUBECONFIG (every file it lists), else ~/.kube/config, else the pod's service account. Never client-node's last
 * resort (a made-up cluster at localhost:8080): no kubeconfig is an error that says where cloudops looked.
 */
export async function loadKubeConfig(env: Env = process.env): Promise<LoadedKubeConfig> {
  const k8s = await kubeClient()
  const kc = new k8s.KubeConfig()
  const files = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean)
  if (files.length) {
    const missing = files.filter((f) => !existsSync(f))
    if (missing.length === files.length) {
      throw new UsageError(`KUBECONFIG names ${missing.join(', ')}, which does not exist`, {
        hint: 'Point KUBECONFIG at your kubeconfig file (`export KUBECONFIG=~/.kube/config`), or unset it.',
      })
    }
    // As kubectl does, a listed file that does not exist is skipped.
    const present = files.filter((f) => existsSync(f))
    kc.loadFromFile(present[0] as string)
    for (const f of present.slice(1)) {
      const more = new k8s.KubeConfig()
      more.loadFromFile(f)
      kc.mergeConfig(more)
    }
    return { kc, source: `KUBECONFIG=${env.KUBECONFIG}` }
  }
  const home = join(env.HOME || homedir(), '.kube', 'config')
  if (existsSync(home)) {
    kc.loadFromFile(home)
    return { kc, source: '~/.kube/config' }
  }
  if (env.KUBERNETES_SERVICE_HOST && existsSync(inClusterToken)) {
    kc.loadFromCluster()
    return { kc, source: 'in-cluster service account' }
  }
  throw new UsageError('no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist', {
    hint: 'Set KUBECONFIG to your kubeconfig, or create ~/.kube/config (e.g. `aws eks update-kubeconfig --name CLUSTER`).',
  })
}

/** Select the context an environment names (else the kubeconfig's current one); a missing one names the others. */
export function selectContext(
  loaded: LoadedKubeConfig,
  wanted: string | undefined,
  envName?: string,
): { context: string; server: string; user?: string } {
  const { kc, source } = loaded
  const where = envName ? `environments.${envName}.kubernetes.context` : 'the kubernetes.context'
  if (wanted) {
    if (!kc.getContexts().some((c) => c.name === wanted)) {
      const names = kc.getContexts().map((c) => c.name)
      throw new UsageError(
        `kube context "${wanted}"${envName ? ` (environment ${envName})` : ''} is not in your kubeconfig (${source}); ${names.length ? `it has: ${names.join(', ')}` : 'it has no contexts'}`,
        {
          hint: `Set ${where} in config.yaml to one of those (\`kubectl config get-contexts\`), or add the cluster to your kubeconfig (e.g. \`aws eks update-kubeconfig --name CLUSTER --alias ${wanted}\`).`,
          details: { context: wanted, available: names },
        },
      )
    }
    kc.setCurrentContext(wanted)
  }
  const context = kc.getCurrentContext()
  const cluster = kc.getCurrentCluster()
  if (!context || !cluster) {
    throw new UsageError(
      context
        ? `kube context "${context}" names a cluster that is not in your kubeconfig (${source})`
        : `no kube context: config.yaml names none and your kubeconfig (${source}) has no current-context`,
      { hint: `Set ${where} in config.yaml, or run \`kubectl config use-context NAME\`.` },
    )
  }
  return { context, server: cluster.server, ...(kc.getCurrentUser()?.name ? { user: kc.getCurrentUser()?.name } : {}) }
}

/** The run's kubeconfig, with the step's context selected: loaded by the first step of that context. */
export async function kubeConfig(ctx: Ctx): Promise<KubeConfig> {
  const context = ctx.environment.kubernetes?.context
  const cached = ctx.clients.kubeConfigs.get(context ?? '')
  if (cached) return cached
  const loaded = await loadKubeConfig()
  selectContext(loaded, context, ctx.environment.name)
  ctx.clients.kubeConfigs.set(context ?? '', loaded.kc)
  return loaded.kc
}

export class KubeRequestError extends Error {
  override name = 'KubeRequestError'
  /** 'credentials' when the kubeconfig's user could not produce credentials (e.g. an exec plugin failed). */
  stage?: 'credentials'
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly code?: number,
    readonly body?: unknown,
  ) {
    super(message)
  }
}

/**
 * One JSON request to the current context's API server with the kubeconfig's credentials (token, client cert,
 * exec plugin, proxy), bounded by timeoutMs and the signal. For small calls whose typed client cannot be bounded:
 * GET /version, POST selfsubjectreviews.
 */
export async function kubeRequest<T>(
  kc: KubeConfig,
  method: 'GET' | 'POST',
  path: string,
  options: {
    body?: unknown
    timeoutMs: number
    signal?: AbortSignal
    /** The Accept header, e.g. a metadata-only form (a Secret's existence without its data); JSON by default. */
    accept?: string
  },
): Promise<T> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new KubeRequestError('no current cluster in the kubeconfig')
  const url = new URL(`${cluster.server.replace(/\/+$/, '')}${path}`)
  const deadline = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline
  const stopped = () => (deadline.aborted ? timeoutError(options.timeoutMs, url.origin) : signal.reason)
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  const headers: Record<string, string | number> = { accept: options.accept ?? 'application/json' }
  if (payload)
    Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) })
  const opts: RequestOptions = { method, headers }
  // Credentials may come from an exec plugin (aws eks get-token, gke-gcloud-auth-plugin): bounded too.
  try {
    await untilAborted(kc.applyToHTTPSOptions(opts), signal, stopped)
    opts.agent = sharedAgent(opts.agent)
  } catch (err) {
    if (signal.aborted) throw err
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
    const failed = new KubeRequestError(`could not get credentials for the context: ${why}`)
    failed.stage = 'credentials'
    throw failed
  }
  // Loaded at the first request (node:https costs ~8 ms): a dry run, or a run on AWS only, sends none.
  const send =
    url.protocol === 'http:'
      ? process.getBuiltinModule('node:http').request
      : process.getBuiltinModule('node:https').request
  return new Promise<T>((resolve, reject) => {
    const req = send(url, { ...opts, signal }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        } catch {}
        const status = res.statusCode ?? 0
        if (status >= 200 && status < 300) return resolve(parsed as T)
        const reason = (parsed as { message?: string })?.message ?? res.statusMessage ?? ''
        reject(new KubeRequestError(`HTTP ${status}${reason ? `: ${reason}` : ''}`, status, parsed))
      })
    })
    req.on('error', (err) => reject(signal.aborted ? stopped() : err))
    req.end(payload)
  })
}

function timeoutError(ms: number, origin: string): Error {
  return Object.assign(new Error(`no answer from ${origin} within ${Math.round(ms / 100) / 10}s`), {
    name: 'TimeoutError',
  })
}

async function untilAborted<T>(p: Promise<T>, signal: AbortSignal, stopped: () => unknown): Promise<T> {
  if (signal.aborted) throw stopped()
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(stopped())
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([p, aborted])
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort)
  }
}

/** The kubeconfig's credentials for a request, over a connection kept open for the next (k8s-agent.ts). */
function reusingConnections(kc: KubeConfig): SecurityAuthentication {
  return {
    getName: () => kc.getName(),
    applySecurityAuthentication: async (context) => {
      await kc.applySecurityAuthentication(context)
      const agent = context.getAgent()
      if (agent) context.setAgent(sharedAgent(agent))
    },
  }
}

/** A typed API client, as kc.makeApiClient makes it, whose every request carries the step's abort signal (a step
 * that times out or is cancelled stops its request in flight, not after it) and reuses its connection. */
export async function kubeApi<A extends ApiType>(ctx: Ctx, pick: (k8s: KubeClient) => ApiClass<A>): Promise<A> {
  const kc = await kubeConfig(ctx)
  const k8s = await kubeClient()
  const cluster = kc.getCurrentCluster()
  if (!cluster) return kc.makeApiClient(pick(k8s)) // which says there is no current cluster
  const signal = ctx.signal
  const config = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: reusingConnections(kc) },
    promiseMiddleware: signal
      ? [
          {
            pre: async (request) => {
              request.setSignal(signal)
              return request
            },
            post: async (response) => response,
          },
        ]
      : [],
  })
  const Api = pick(k8s)
  return new Api(config)
}

export const coreApi = (ctx: Ctx) => kubeApi<CoreV1Api>(ctx, (k) => k.CoreV1Api)
export const appsApi = (ctx: Ctx) => kubeApi<AppsV1Api>(ctx, (k) => k.AppsV1Api)
export const batchApi = (ctx: Ctx) => kubeApi<BatchV1Api>(ctx, (k) => k.BatchV1Api)
export const discoveryApi = (ctx: Ctx) => kubeApi<DiscoveryV1Api>(ctx, (k) => k.DiscoveryV1Api)
export const autoscalingApi = (ctx: Ctx) => kubeApi<AutoscalingV2Api>(ctx, (k) => k.AutoscalingV2Api)
export const policyApi = (ctx: Ctx) => kubeApi<PolicyV1Api>(ctx, (k) => k.PolicyV1Api)

/** Follow `continue` to the end, in pages of 500; each page is retried (k8s-retry.ts) and each attempt counted. */
export async function listAll<T>(
  ctx: Ctx,
  page: (cont: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
  maxPages = 1000,
): Promise<T[]> {
  const out: T[] = []
  let cont: string | undefined
  for (let i = 0; i < maxPages; i++) {
    // A timed-out or cancelled step stops paging at once, even against a server that always says "continue".
    ctx.signal?.throwIfAborted()
    const r = await withRetries(ctx, () => page(cont))
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
