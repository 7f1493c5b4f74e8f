// An LLM call that failed, as one line a person can act on. The SDKs have already retried 429s, 5xx and timeouts
// (bounded); what reaches here is final. Provider messages are redacted and capped: they can echo request text.
import { type CloudopsError, RuntimeError } from '../../errors.js'
import { redact, redactAndCap } from '../../redact.js'

interface CallContext {
  label: string
  keySource: string
  baseURL: string
  timeoutMs: number
  attempts: number
}

const offline = 'or use --provider offline'

export function providerFailure(err: unknown, c: CallContext): CloudopsError {
  const e = err as { status?: number; error?: { message?: string; error?: { message?: string } }; message?: string }
  const kind = (err as object | null)?.constructor?.name ?? ''
  const said = redactAndCap(e.error?.error?.message ?? e.error?.message ?? e.message ?? String(err), 300)
  const opts = { cause: err }
  if (kind.endsWith('TimeoutError') && e.status === undefined) {
    return new RuntimeError(`${c.label} did not answer within ${c.timeoutMs / 1000} s (${c.attempts} attempts)`, {
      ...opts,
      hint: `Raise llm.timeout_seconds, try again later, ${offline}.`,
    })
  }
  if (e.status === undefined) {
    return new RuntimeError(`could not reach ${c.label} at ${redact(c.baseURL)}: ${said}`, {
      ...opts,
      hint: `Check the base URL and the network, ${offline}.`,
    })
  }
  if (e.status === 401) {
    return new RuntimeError(`${c.label} rejected the API key from ${c.keySource} (401)`, {
      ...opts,
      hint: `Set ${c.keySource} to a valid key, ${offline}.`,
    })
  }
  if (e.status === 403) {
    return new RuntimeError(`${c.label} refused the key from ${c.keySource} (403): ${said}`, {
      ...opts,
      hint: `Check the key's permissions for this model, ${offline}.`,
    })
  }
  if (e.status === 429) {
    return new RuntimeError(`${c.label} rate-limited the request (429, ${c.attempts} attempts): ${said}`, {
      ...opts,
      hint: `Wait and retry, ${offline}.`,
    })
  }
  if (e.status >= 500) {
    return new RuntimeError(`${c.label} failed (${e.status}, ${c.attempts} attempts): ${said}`, {
      ...opts,
      hint: `Try again later, ${offline}.`,
    })
  }
  return new RuntimeError(`${c.label} refused the request (${e.status}): ${said}`, {
    ...opts,
    hint: `Check --model and llm.base_url, ${offline}.`,
  })
}
