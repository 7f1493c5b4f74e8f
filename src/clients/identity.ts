// Who the credentials belong to: the AWS caller (STS GetCallerIdentity) and the Kubernetes user (SelfSubjectReview).
// Doctor shows them; a run records them in the audit actor (aws_arn, kube_user) as soon as it knows them, learning
// each once per profile and per context, and not at all when the plan's own STS step already asked.
// No SDK is imported here at load time.
import type { ActionContext, ActionDefinition, ActionOutput } from '../actions/types.js'
import type { LearnedActor } from '../audit/sink.js'
import type { PlanEnvironment, PlanStep } from '../planner/types.js'
import { makeAwsClient, stsClient } from './aws.js'
import { awsSdk } from './aws-sdk.js'
import { kubeConfig, kubeRequest, type LoadedKubeConfig } from './k8s.js'

const stsCallerIdentityAction = 'aws.sts.get_caller_identity'

const profileOf = (ctx: ActionContext) => ({ profile: ctx.environment.aws?.profile ?? '' })

interface AwsIdentity {
  arn: string
  account?: string
}

interface KubeUser {
  username: string
  groups: string[]
}

function toAwsIdentity(r: { Arn?: string; Account?: string }): AwsIdentity | undefined {
  return r.Arn ? { arn: r.Arn, ...(r.Account ? { account: r.Account } : {}) } : undefined
}

/**
 * A one-shot probe for doctor: its own client (one attempt, short socket timeouts), bounded as a whole by timeoutMs
 * (credential resolution included), destroyed after.
 */
export async function probeAwsIdentity(o: {
  profile?: string
  region: string
  timeoutMs: number
}): Promise<AwsIdentity> {
  const { STSClient, GetCallerIdentityCommand } = awsSdk.sts()
  const client = makeAwsClient((c) => new STSClient(c), { ...o, maxAttempts: 1 })
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = Object.assign(new Error(`no answer from STS within ${o.timeoutMs / 1000}s`), { name: 'TimeoutError' })
      controller.abort(err)
      reject(err)
    }, o.timeoutMs)
  })
  try {
    const r = await Promise.race([
      client.send(new GetCallerIdentityCommand({}), { abortSignal: controller.signal }),
      deadline,
    ])
    const id = toAwsIdentity(r)
    if (!id) throw new Error('STS answered without an ARN')
    return id
  } finally {
    clearTimeout(timer)
    client.destroy()
  }
}

/** GET /version: the server's gitVersion. */
export async function kubeServerVersion(kc: LoadedKubeConfig['kc'], o: { timeoutMs: number; signal?: AbortSignal }) {
  const r = await kubeRequest<{ gitVersion?: string }>(kc, 'GET', '/version', o)
  return r.gitVersion ?? 'unknown version'
}

/** Who the API server says the credentials are (authentication.k8s.io/v1 SelfSubjectReview, Kubernetes 1.28+). */
export async function kubeSelfSubject(
  kc: LoadedKubeConfig['kc'],
  o: { timeoutMs: number; signal?: AbortSignal },
): Promise<KubeUser> {
  const r = await kubeRequest<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>(
    kc,
    'POST',
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    { ...o, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
  )
  const info = r.status?.userInfo
  if (!info?.username) throw new Error('the SelfSubjectReview came back without a username')
  return { username: info.username, groups: info.groups ?? [] }
}

/** What a run learned, and for which profile or context (a fleet's targets find theirs by these). */
export interface LearnedIdentity {
  where: { profile?: string; context?: string }
  fields: LearnedActor
}

export interface RunIdentity {
  /** Runs a step's action, first learning the identity its credentials have when the run does not know it yet. */
  around<T>(action: ActionDefinition, ctx: ActionContext, run: () => Promise<ActionOutput<T>>): Promise<ActionOutput<T>>
}

/** A learning call is short: it must not eat the step's budget. Failing to learn is not fatal (no field). */
const learnTimeoutMs = 5_000

/**
 * Per run: the first AWS step of a profile learns the caller ARN, the first Kubernetes step of a context learns
 * the user. Steps of the same profile or context that start meanwhile wait for that one call (it is bounded), so
 * every record from their end on carries the field. When the plan has its own aws.sts.get_caller_identity step,
 * its answer is used and no other call is made.
 */
export function runIdentity(
  plan: { steps: PlanStep[]; environmentOf: (step: PlanStep) => PlanEnvironment },
  learned: (fields: LearnedActor, where: LearnedIdentity['where']) => void,
): RunIdentity {
  // Per profile and per context: the one call in flight or made, or 'from-step' when the plan's STS step answers.
  type Known = Promise<void> | 'from-step'
  const aws = new Map<string, Known>()
  const kube = new Map<string, Known>()
  for (const s of plan.steps) {
    if (s.action === stsCallerIdentityAction) aws.set(plan.environmentOf(s).aws?.profile ?? '', 'from-step')
  }

  const learnAws = async (ctx: ActionContext) => {
    const { GetCallerIdentityCommand } = awsSdk.sts()
    const client = await stsClient(ctx)
    const r = await client.send(new GetCallerIdentityCommand({}), {
      abortSignal: AbortSignal.any([ctx.signal, AbortSignal.timeout(learnTimeoutMs)]),
    })
    const id = toAwsIdentity(r)
    if (id) learned({ aws_arn: id.arn }, profileOf(ctx))
  }
  const learnKube = async (ctx: ActionContext, context: string | undefined) => {
    const kc = await kubeConfig(ctx)
    ctx.clients.metrics.apiCalls++
    const user = await kubeSelfSubject(kc, { timeoutMs: learnTimeoutMs, signal: ctx.signal })
    learned({ kube_user: user.username, kube_context: context ?? kc.getCurrentContext() }, { context: context ?? '' })
  }
  const once = (map: Map<string, Known>, key: string, learn: () => Promise<void>) => {
    let known = map.get(key)
    if (!known) {
      known = learn().catch(() => {})
      map.set(key, known)
    }
    return known === 'from-step' ? undefined : known
  }

  return {
    async around(action, ctx, run) {
      if (action.id === stsCallerIdentityAction) {
        const out = await run()
        const id = toAwsIdentity((out.items[0] ?? {}) as { Arn?: string; Account?: string })
        if (id) learned({ aws_arn: id.arn }, profileOf(ctx))
        return out
      }
      if (action.provider === 'aws') {
        await once(aws, ctx.environment.aws?.profile ?? '', () => learnAws(ctx))
      } else if (action.provider === 'kubernetes') {
        const context = ctx.environment.kubernetes?.context
        await once(kube, context ?? '', () => learnKube(ctx, context))
      }
      return run()
    },
  }
}
