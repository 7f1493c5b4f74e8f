// AWS SDK clients, created on first use per run (one per service, region and profile) and never imported before
// a step needs them. Retries are bounded (adaptive mode, 3 attempts); every HTTP attempt is counted for the report.
import type { ActionContext } from '../actions/types.js'

type Ctx = Pick<ActionContext, 'region' | 'environment' | 'metrics'>
type Factory<C> = (config: Record<string, unknown>) => C

const clients = new WeakMap<object, Map<string, unknown>>()

async function client<C extends { middlewareStack: { add: Function } }>(
  service: string,
  ctx: Ctx,
  make: () => Promise<Factory<C>>,
): Promise<C> {
  // The SDK warns about Node 20's end of support on every client; it is noise on stderr for our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const region = ctx.region ?? ctx.environment.aws?.regions[0] ?? process.env.AWS_REGION ?? 'us-east-1'
  const profile = ctx.environment.aws?.profile
  const key = `${service}|${region}|${profile ?? ''}`
  const perRun = clients.get(ctx.metrics) ?? new Map<string, unknown>()
  clients.set(ctx.metrics, perRun)
  const existing = perRun.get(key)
  if (existing) return existing as C
  const created = (await make())({ region, retryMode: 'adaptive', maxAttempts: 3, ...(profile ? { profile } : {}) })
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
