// One line about why a step failed, naming the permission it needed when access was denied, and the fix when the
// credentials are the problem (never the SDK's raw multi-line text). Redacted.
import type { ActionDefinition } from '../actions/types.js'
import { describeAwsCredentialsError } from '../clients/aws-credentials.js'
import { describeKubeError } from '../clients/k8s-retry.js'
import { CloudopsError } from '../errors.js'
import { redact } from '../redact.js'

const deniedNames = /AccessDenied|UnauthorizedOperation|AuthFailure|Forbidden/i

/** The environment the step ran in: names the profile and the config key in a credentials fix. */
interface StepEnvironment {
  name?: string
  aws?: { profile?: string }
}

/** Why a step failed, for its report: a cancelled run says so, whatever its aborted call threw. */
export function describeStepFailure(
  err: unknown,
  action: ActionDefinition | undefined,
  environment: StepEnvironment,
  runSignal: AbortSignal | undefined,
): string {
  return runSignal?.aborted ? 'cancelled: the call was aborted' : describeStepError(err, action, environment)
}

export function describeStepError(err: unknown, action?: ActionDefinition, environment?: StepEnvironment): string {
  const e = err as { name?: string; code?: unknown; message?: string; body?: unknown }
  const status = typeof e.code === 'number' ? e.code : undefined
  const needs = action?.permissions.length ? `; it needs ${action.permissions.join(', ')}` : ''
  if (action?.provider !== 'kubernetes') {
    const creds = describeAwsCredentialsError(err, {
      profile: environment?.aws?.profile,
      environment: environment?.name,
    })
    if (creds) return redact(`${creds.message}; fix: ${creds.fix}`).slice(0, 400)
  }
  if (deniedNames.test(e.name ?? '') || status === 403) {
    return `access denied${needs}`
  }
  if (status === 401) return 'unauthorized: the Kubernetes credentials were rejected'
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return e.message || 'timed out'
  if (err instanceof CloudopsError) {
    return redact(`${firstLine(err.message)}${err.hint ? `; fix: ${err.hint}` : ''}`).slice(0, 400)
  }
  // Kubernetes: "HTTP 429 TooManyRequests: <the server's message> (tried 3 times)", never client-node's "HTTP-Code: 429".
  const kube = describeKubeError(err)
  if (kube) return redact(kube).slice(0, 300)
  const first = firstLine(e.message ?? String(err)).slice(0, 240)
  const prefix = status ? `HTTP ${status}: ` : e.name && e.name !== 'Error' ? `${e.name}: ` : ''
  // AWS: "ThrottlingException: Rate exceeded (tried 3 times)", as the SDK's retries ended.
  const attempts = (err as { $metadata?: { attempts?: unknown } })?.$metadata?.attempts
  const tried = typeof attempts === 'number' && attempts > 1 ? ` (tried ${attempts} times)` : ''
  return redact(`${prefix}${first}${tried}`).slice(0, 300)
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}
