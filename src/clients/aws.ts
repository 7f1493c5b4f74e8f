// AWS SDK clients, created on first use per run (one per service, region and profile, kept in the run's clients)
// and never imported before a step needs them. Retries are bounded (adaptive mode, 3 attempts); every HTTP attempt
// is counted for the report. Every AWS client cloudops makes (steps, the audit identity, doctor) is made by
// makeAwsClient, so the SDK's own console noise never reaches a user's terminal.
import type { ActionContext } from '../actions/types.js'
import { awsSdk } from './aws-sdk.js'
import type { ApiCallCounter, AwsService, AwsServiceClients } from './run-clients.js'

type Ctx = Pick<ActionContext, 'region' | 'environment' | 'clients'>

/** The SDK would log through console.warn (e.g. "Multiple credential sources detected", several lines) without a
 * logger of its own; a NoOpLogger does not stop that, a plain object does. What matters reaches the user as an error. */
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} }

interface AwsClientOptions {
  region: string
  profile?: string
  maxAttempts?: number
  /** Connection and per-request socket timeout, for short probes (doctor). */
  timeoutMs?: number
}

/** The one config every AWS client is made with. */
interface AwsClientConfig {
  region: string
  retryMode: 'adaptive'
  maxAttempts: number
  logger: typeof quietLogger
  profile?: string
  requestHandler?: { connectionTimeout: number; requestTimeout: number }
}

function awsClientConfig(o: AwsClientOptions): AwsClientConfig {
  return {
    region: o.region,
    retryMode: 'adaptive',
    maxAttempts: o.maxAttempts ?? 3,
    logger: quietLogger,
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.timeoutMs ? { requestHandler: { connectionTimeout: o.timeoutMs, requestTimeout: o.timeoutMs } } : {}),
  }
}

/** Make an AWS client (`(c) => new STSClient(c)`) with the one config. Every AWS client cloudops makes (steps, the
 * audit identity, doctor) is made here. */
export function makeAwsClient<C>(construct: (config: AwsClientConfig) => C, o: AwsClientOptions): C {
  // The SDK prints a multi-line NodeVersionSupportWarning on Node 20 unless this is set; it reads it as a client is
  // constructed (not when it is imported), so here, right before, is where it is needed. A user's own value wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return construct(awsClientConfig(o))
}

/** The region a step's client uses: the step's, else the environment's first, else AWS_REGION, else us-east-1. */
export function awsRegionOf(ctx: Pick<Ctx, 'region' | 'environment'>): string {
  return ctx.region ?? ctx.environment.aws?.regions[0] ?? process.env.AWS_REGION ?? 'us-east-1'
}

/** A finalizeRequest middleware that passes every request on unchanged. */
type PassThrough = <A, R>(next: (args: A) => R) => (args: A) => R

/** What counting needs of an SDK client: its middleware stack. */
interface CountableClient {
  middlewareStack: { add(middleware: PassThrough, options: { step: 'finalizeRequest'; name: string }): void }
}

/** Count every HTTP attempt (finalizeRequest runs once per attempt, retries included). */
function countRequests(client: CountableClient, counter: ApiCallCounter): void {
  client.middlewareStack.add(
    (next) => (args) => {
      counter.apiCalls++
      return next(args)
    },
    { step: 'finalizeRequest', name: 'cloudopsApiCallCounter' },
  )
}

/** The run's client for a service in the step's region and the environment's profile, made on first use. */
async function client<S extends AwsService>(
  service: S,
  ctx: Ctx,
  load: () => Promise<(config: AwsClientConfig) => AwsServiceClients[S]>,
): Promise<AwsServiceClients[S]> {
  const region = awsRegionOf(ctx)
  const profile = ctx.environment.aws?.profile
  const key = `${region}|${profile ?? ''}`
  const made: Map<string, AwsServiceClients[S]> = ctx.clients.aws[service]
  const existing = made.get(key)
  if (existing) return existing
  const created = makeAwsClient(await load(), { region, profile })
  countRequests(created, ctx.clients.metrics)
  made.set(key, created)
  return created
}

export const ec2Client = (ctx: Ctx) =>
  client('ec2', ctx, async () => {
    const { EC2Client } = awsSdk.ec2()
    return (c) => new EC2Client(c)
  })

export const cloudWatchClient = (ctx: Ctx) =>
  client('cloudwatch', ctx, async () => {
    const { CloudWatchClient } = awsSdk.cloudWatch()
    return (c) => new CloudWatchClient(c)
  })

export const costExplorerClient = (ctx: Ctx) =>
  client('ce', ctx, async () => {
    const { CostExplorerClient } = awsSdk.costExplorer()
    return (c) => new CostExplorerClient(c)
  })

export const stsClient = (ctx: Ctx) =>
  client('sts', ctx, async () => {
    const { STSClient } = awsSdk.sts()
    return (c) => new STSClient(c)
  })

export const s3Client = (ctx: Ctx) =>
  client('s3', ctx, async () => {
    const { S3Client } = awsSdk.s3()
    // Path-style addressing: a bucket name with dots breaks virtual-host TLS, and local endpoints need it.
    return (c) => new S3Client({ ...c, forcePathStyle: true })
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
