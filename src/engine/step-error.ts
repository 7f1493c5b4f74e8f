// One line about why a step failed, naming the permission it needed when access was denied. Redacted.
import type { ActionDefinition } from '../actions/types.js'
import { redact } from '../redact.js'

const deniedNames = /AccessDenied|UnauthorizedOperation|UnrecognizedClient|AuthFailure|Forbidden/i

export function describeStepError(err: unknown, action?: ActionDefinition): string {
  const e = err as { name?: string; code?: unknown; message?: string; body?: unknown }
  const status = typeof e.code === 'number' ? e.code : undefined
  const needs = action?.permissions.length ? `; it needs ${action.permissions.join(', ')}` : ''
  if (deniedNames.test(e.name ?? '') || status === 403) {
    return `access denied${needs}`
  }
  if (status === 401) return 'unauthorized: the Kubernetes credentials were rejected'
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return e.message || 'timed out'
  const first = (e.message ?? String(err)).split('\n')[0] ?? ''
  const prefix = status ? `HTTP ${status}: ` : e.name && e.name !== 'Error' ? `${e.name}: ` : ''
  return redact(`${prefix}${first}`).slice(0, 300)
}
