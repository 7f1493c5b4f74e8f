// AWS SDK clients, created on first use per run (one per service, region and profile) and never imported before
// a step needs them. Retries are bounded (adaptive mode, 3 attempts); every HTTP attempt is counted for the report.
// Every AWS client cloudops makes (steps, the audit identity, doctor) is configured by awsClientConfig, so the SDK's
// own console noise never reaches a user's terminal.
import type { ActionContext } from '../actions/types.js'

type Ctx = Pick<ActionContext, 'region' | 'environment' | 'metrics'>
type Factory<C> = (config: Record<string, unknown>) => C

/** The SDK would log through console.warn (e.g. "Multiple credential sources detected", several lines) without a
 * logger of its own; a NoOpLogger does not stop that, a plain object does. What matters reaches the user as an error. */
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} }

export interface AwsClientOptions {
  region: string
  profile?: string
  maxAttempts?: number
  /** Connection and per-request socket timeout, for short probes (doctor). */
  timeoutMs?: number
}

/**
 * The one config every AWS client is made with. It also turns off the multi-line NodeVersionSupportWarning the SDK
 * prints on Node 20 (the variable must be set before a client is constructed; a user's own value wins).
 */
export function awsClientConfig(o: AwsClientOptions): Record<string, unknown> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return {
    region: o.region,
    retryMode: 'adaptive',
    maxAttempts: o.maxAttempts ?? 3,
    logger: quietLogger,
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.timeoutMs ? { requestHandler: { connectionTimeout: o.timeoutMs, requestTimeout: o.timeoutMs } } : {}),
  }
}

/** The region a step's client uses: the step's, else the environment's first, else AWS_REGION, else us-east-1. */
export function awsRegionOf(ctx: Pick<Ctx, 'region' | 'environment'>): string {
  return ctx.region ?? ctx.environment.aws?.regions[0] ?? process.env.AWS_REGION ?? 'us-east-1'
}

const clients = new WeakMap<object, Map<string, unknown>>()

async function client<C extends { middlewareStack: { add: Function } }>(
  service: string,
  ctx: Ctx,
  make: () => Promise<Factory<C>>,
): Promise<C> {
  const region = awsRegionOf(ctx)
  const profile = ctx.environment.aws?.profile
  const key = `${service}|${region}|${profile ?? ''}`
  const perRun = clients.get(ctx.metrics) ?? new Map<string, unknown>()
  clients.set(ctx.metrics, perRun)
  const existing = perRun.get(key)
  if (existing) return existing as C
  const created = (await make())(awsClientConfig({ region, profile }))
  created.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>) => (args: unknown) => {
      ctx.metrics.apiCalls++
      return next(args)
    },
    { step: 'finalizeRequest', name: 'cloudopsApiCallCounter' },
  )
  perRun.set(key, created)
  return created
}

export const ec2Client = (ctx: Ctx) =>
  client('ec2', ctx, async () => {
    const { EC2Client } = await import('@aws-sdk/client-ec2')
    return (c) => new EC2Client(c)
  })

export const cloudWatchClient = (ctx: Ctx) =>
  client('cloudwatch', ctx, async () => {
    const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch')
    return (c) => new CloudWatchClient(c)
  })

export const costExplorerClient = (ctx: Ctx) =>
  client('ce', ctx, async () => {
    const { CostExplorerClient } = await import('@aws-sdk/client-cost-explorer')
    return (c) => new CostExplorerClient(c)
  })

export const stsClient = (ctx: Ctx) =>
  client('sts', ctx, async () => {
    const { STSClient } = await import('@aws-sdk/client-sts')
    return (c) => new STSClient(c)
  })

/** Follow NextToken to the end: a partial list would be a wrong answer, not a smaller one. */
export async function allPages<R, T>(
  page: (token: string | undefined) => Promise<R>,
  items: (r: R) => T[] | undefined,
  next: (r: R) => string | undefined,
  maxPages = 1000,
): Promise<T[]> {
  const out: T[] = []
  let token: string | undefined
  for (let i = 0; i < maxPages; i++) {
    const r = await page(token)
    out.push(...(items(r) ?? []))
    token = next(r)
    if (!token) return out
  }
  throw new Error(`stopped after ${maxPages} pages: the API kept returning a next token`)
}
