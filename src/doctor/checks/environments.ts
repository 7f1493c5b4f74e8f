// Each configured environment, checked the way a run would use it: the AWS caller behind its profile (STS
// GetCallerIdentity) and the Kubernetes server and user behind its context (GET /version, SelfSubjectReview).
// Every probe is short (one attempt, a few seconds) and they run side by side; each says what is wrong and the fix.
// The SDKs are imported only here, and only when an environment needs them.
import { describeAwsCredentialsError } from '../../clients/aws-credentials.js'
import { kubeSelfSubject, kubeServerVersion, probeAwsIdentity } from '../../clients/identity.js'
import { KubeRequestError, loadKubeConfig, selectContext } from '../../clients/k8s.js'
import type { EnvironmentConfig } from '../../config/config.js'
import { toErrorReport } from '../../error-report.js'
import { CloudopsError } from '../../errors.js'
import { redact } from '../../redact.js'
import type { CheckResult, DoctorCheck, DoctorContext } from '../check.js'

const probeTimeoutMs = 3_000

type Env = DoctorContext['env']
type Probe = Omit<CheckResult, 'name' | 'environment'>

export const environmentsCheck: DoctorCheck = {
  name: 'environments',
  async run(ctx) {
    let environments: Record<string, EnvironmentConfig>
    try {
      environments = ctx.config().config.environments ?? {}
    } catch {
      return [] // the config check says what is wrong with config.yaml
    }
    const checked = await Promise.all(
      Object.entries(environments).map(([name, env]) => checkEnvironment(name, env, ctx)),
    )
    return checked.flat()
  },
}

async function checkEnvironment(name: string, env: EnvironmentConfig, ctx: DoctorContext): Promise<CheckResult[]> {
  if (!env?.aws && !env?.kubernetes) {
    return [
      {
        name: `environment (${name})`,
        environment: name,
        ok: true,
        warning: true,
        detail: 'configures neither aws nor kubernetes: playbooks run there use the default AWS chain and kube context',
        fix: `Add environments.${name}.aws (profile, regions) and/or environments.${name}.kubernetes.context to config.yaml.`,
      },
    ]
  }
  const checks: Promise<CheckResult>[] = []
  // An environment with several accounts or contexts (a fleet) is checked at each of them.
  const { accounts, ...aws } = env.aws ?? {}
  for (const a of accounts ?? (env.aws ? [undefined] : [])) {
    const label = a ? `aws (${name}/${a.profile})` : `aws (${name})`
    const one = a ? { profile: a.profile, regions: a.regions ?? aws.regions } : aws
    checks.push(guard(label, name, () => checkAws(name, one, ctx.env)))
  }
  const { contexts, ...kube } = env.kubernetes ?? {}
  for (const c of contexts ?? (env.kubernetes ? [undefined] : [])) {
    const label = c ? `kubernetes (${name}/${c})` : `kubernetes (${name})`
    checks.push(guard(label, name, () => checkKube(name, c ? { ...kube, context: c } : kube, ctx.env)))
  }
  return Promise.all(checks)
}

/** One probe's unexpected failure is its own result, never the others'. */
async function guard(name: string, environment: string, probe: () => Promise<Probe>) {
  try {
    return { name, environment, ...(await probe()) }
  } catch (err) {
    const r = toErrorReport(err)
    return { name, environment, ok: false, detail: redact(r.message), ...(r.hint ? { fix: r.hint } : {}) }
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return redact(text.split('\n')[0] ?? '').slice(0, 200)
}

const networkFix = (what: string) =>
  `Check the network, VPN or proxy to ${what}; with AWS_ENDPOINT_URL set, check that endpoint is up.`

async function checkAws(envName: string, aws: NonNullable<EnvironmentConfig['aws']>, env: Env): Promise<Probe> {
  const region = aws.regions?.[0] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  const profile = aws.profile
  const credentials = profile
    ? `profile ${profile}`
    : env.AWS_PROFILE
      ? `profile ${env.AWS_PROFILE} (AWS_PROFILE)`
      : env.AWS_ACCESS_KEY_ID
        ? 'AWS_ACCESS_KEY_ID'
        : 'default credential chain'
  const endpoint = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL
  const where = [credentials, region, endpoint ? `endpoint ${redact(endpoint)}` : undefined].filter(Boolean).join(', ')
  try {
    const id = await probeAwsIdentity({ profile, region, timeoutMs: probeTimeoutMs })
    const shadowed =
      (profile || env.AWS_PROFILE) && env.AWS_ACCESS_KEY_ID ? '; AWS_ACCESS_KEY_ID is set too: the profile wins' : ''
    return {
      ok: true,
      detail: `${id.arn} (${where})${shadowed}`,
      data: {
        arn: id.arn,
        ...(id.account ? { account: id.account } : {}),
        region,
        ...(profile ? { profile } : {}),
      },
    }
  } catch (err) {
    const creds = describeAwsCredentialsError(err, { profile, environment: envName, env })
    if (creds) return { ok: false, detail: redact(creds.message), fix: creds.fix }
    const e = err as { name?: string }
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      return {
        ok: false,
        detail: `STS did not answer within ${probeTimeoutMs / 1000}s (${where})`,
        fix: networkFix('AWS'),
      }
    }
    const network = networkFailure(err)
    if (network) return { ok: false, detail: `cannot reach STS (${where}): ${network}`, fix: networkFix('AWS') }
    return {
      ok: false,
      detail: `STS GetCallerIdentity failed (${where}): ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${firstLine(err)}`,
      fix: networkFix('AWS'),
    }
  }
}

/** A connection that failed, said plainly (connection refused, unknown host, TLS); undefined for anything else. */
function networkFailure(err: unknown): string | undefined {
  const e = err as { code?: unknown }
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found (DNS)'
    case 'ECONNRESET':
      return 'connection reset'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable'
  }
  if (typeof e.code === 'string' && /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY/.test(e.code)) {
    return `TLS: ${e.code}`
  }
  return undefined
}

/** A failed request to the API server: the network reason, else the error's first line. */
function reachFailure(err: unknown): string {
  if ((err as { name?: string }).name === 'TimeoutError') return `no answer within ${probeTimeoutMs / 1000}s`
  const network = networkFailure(err)
  if (network?.startsWith('TLS')) return `${network} (does the kubeconfig's certificate-authority match the server?)`
  return network ?? firstLine(err)
}

async function checkKube(envName: string, k: NonNullable<EnvironmentConfig['kubernetes']>, env: Env): Promise<Probe> {
  let loaded: Awaited<ReturnType<typeof loadKubeConfig>>
  let selected: ReturnType<typeof selectContext>
  try {
    loaded = await loadKubeConfig(env)
    selected = selectContext(loaded, k.context, envName)
  } catch (err) {
    if (!(err instanceof CloudopsError)) {
      return {
        ok: false,
        detail: `cannot read your kubeconfig: ${firstLine(err)}`,
        fix: 'Check it with `kubectl config view`, or point KUBECONFIG at a valid file.',
      }
    }
    const r = toErrorReport(err)
    return {
      ok: false,
      detail: redact(r.message),
      ...(r.hint ? { fix: r.hint } : {}),
      ...(err.details?.available ? { data: { available_contexts: err.details.available as string[] } } : {}),
    }
  }
  const { context, server } = selected
  const at = `${redact(server)} (context ${context})`
  const whoami = `\`kubectl --context ${context} auth whoami\``
  const [version, who] = await Promise.allSettled([
    kubeServerVersion(loaded.kc, { timeoutMs: probeTimeoutMs }),
    kubeSelfSubject(loaded.kc, { timeoutMs: probeTimeoutMs }),
  ])
  if (version.status === 'rejected') {
    const err = version.reason
    if (err instanceof KubeRequestError && err.stage === 'credentials') {
      return {
        ok: false,
        detail: `context ${context}: ${firstLine(err)}`,
        fix: `Check the user entry of context ${context} in your kubeconfig (an exec plugin such as \`aws\` or \`gke-gcloud-auth-plugin\` must be on PATH and logged in), then run ${whoami}.`,
      }
    }
    if (err instanceof KubeRequestError && err.code === 401) return unauthorized(at, context)
    return {
      ok: false,
      detail: `${err instanceof KubeRequestError && err.code ? `${at} answered GET /version with` : `cannot reach ${at}:`} ${reachFailure(err)}`,
      fix: `Check that the cluster is up and reachable (VPN, proxy), and that context ${context} points at it (\`kubectl cluster-info --context ${context}\`).`,
    }
  }
  const base = { context, server: redact(server), server_version: version.value }
  if (who.status === 'fulfilled') {
    return {
      ok: true,
      detail: `${who.value.username} on ${version.value} at ${at}`,
      data: { ...base, user: who.value.username, groups: who.value.groups },
    }
  }
  const status = (who.reason as KubeRequestError).code
  if (status === 401) return unauthorized(at, context)
  if (status === 404) {
    return {
      ok: true,
      detail: `${version.value} at ${at}; user unknown: SelfSubjectReview needs Kubernetes 1.28 or newer`,
      data: base,
    }
  }
  if (status === 403) {
    return {
      ok: true,
      warning: true,
      detail: `${version.value} at ${at}; user unknown: not allowed to create selfsubjectreviews`,
      fix: 'Runs still work; the audit log will not name the Kubernetes user. Ask for the system:basic-user role.',
      data: base,
    }
  }
  return {
    ok: false,
    detail: `${version.value} at ${at}, but asking who the credentials are failed: ${reachFailure(who.reason)}`,
    fix: `Run ${whoami} to see why.`,
  }
}

function unauthorized(at: string, context: string): Probe {
  return {
    ok: false,
    detail: `${at} rejected the credentials of context ${context} (401 Unauthorized)`,
    fix: `Refresh them (log in again, or \`aws eks update-kubeconfig --name CLUSTER\` for EKS), then run \`kubectl --context ${context} auth whoami\`.`,
  }
}
