// Bounded retries for Kubernetes reads, modelled on client-go's REST client and the AWS SDK's standard retry mode:
// 429, 5xx and dropped connections are tried again, 3 attempts in all (the AWS path's budget), after a jittered
// exponential backoff or the server's Retry-After, never waiting past the step's deadline and stopping at once when
// the step is cancelled. Every HTTP attempt is counted. The error that ends the retries says what the server said
// (its Status reason and message) and how many times it was tried. Only for idempotent requests (GET).
import type { ApiCallCounter } from './run-clients.js'

/** Attempts in all, the first included: the AWS clients' maxAttempts. */
const kubeMaxAttempts = 3
/** Backoff base for 5xx and dropped connections, and for throttling (the AWS SDK's standard-mode values). */
const baseDelayMs = 100
const throttledBaseDelayMs = 500
/** The longest single wait, Retry-After included (the AWS SDK's maximum retry delay). Longer: fail now. */
const maxRetryWaitMs = 20_000

interface RetryContext {
  /** The run's clients: each attempt is counted in their metrics. */
  clients: { metrics: ApiCallCounter }
  /** The step's signal: a timed-out or cancelled step stops retrying, and waiting, at once. */
  signal?: AbortSignal
  /** When the step must end (epoch ms), if known: no wait is begun that would end past it. */
  deadline?: number
}

/** A Kubernetes API request that failed for good: the server's answer, or a dropped connection, after retries. */
export class KubeApiError extends Error {
  override name = 'KubeApiError'
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly code: number | undefined,
    /** The v1 Status reason (TooManyRequests, InternalError, …), else the HTTP status text in one word. */
    readonly reason: string | undefined,
    /** HTTP attempts made, the first included. */
    readonly attempts: number,
    readonly body?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Run one idempotent Kubernetes request, retrying it as this file's header says. */
export async function withRetries<T>(
  ctx: RetryContext,
  call: () => Promise<T>,
  attempts = kubeMaxAttempts,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    ctx.signal?.throwIfAborted()
    ctx.clients.metrics.apiCalls++
    try {
      return await call()
    } catch (err) {
      // A timed-out or cancelled step: the executor says why; its request's abort is not the server's answer.
      if (ctx.signal?.aborted) throw err
      if (!isRetryable(err) || attempt >= attempts) throw finalError(err, attempt)
      const retryAfter = retryAfterMs(err)
      const backoff = jittered(isThrottled(err) ? throttledBaseDelayMs : baseDelayMs, attempt)
      const wait = Math.max(retryAfter ?? 0, backoff)
      const waitFor = `${retryAfter !== undefined ? 'the server asked to wait' : 'the next retry is due in'} ${Math.ceil(wait / 1000)}s`
      if (wait > maxRetryWaitMs) {
        throw finalError(err, attempt, `${waitFor}, longer than cloudops waits (${maxRetryWaitMs / 1000}s)`)
      }
      if (ctx.deadline !== undefined && Date.now() + wait >= ctx.deadline) {
        throw finalError(err, attempt, `${waitFor}, past the step's deadline`)
      }
      await sleep(wait, ctx.signal)
    }
  }
}

/** 429, a 5xx that may pass (not 501/505), or a connection dropped mid-request (client-go retries those on GETs). */
function isRetryable(err: unknown): boolean {
  const status = httpStatus(err)
  if (status !== undefined)
    return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505)
  return isConnectionReset(err)
}

const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'])

function isConnectionReset(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (typeof e.code === 'string' && resetCodes.has(e.code)) return true
    if (typeof e.message === 'string' && /socket hang up|ECONNRESET|Premature close/i.test(e.message)) return true
    e = e.cause as typeof e
  }
  return false
}

const isThrottled = (err: unknown) => httpStatus(err) === 429

/** Equal jitter: between half and all of base·2^(attempt-1), so a throttled client always backs off some. */
function jittered(base: number, attempt: number): number {
  const ceiling = Math.min(maxRetryWaitMs, base * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
}

/** The server's Retry-After (seconds or an HTTP date), else the Status's details.retryAfterSeconds, in ms. */
function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { headers?: unknown })?.headers
  const raw =
    headers && typeof headers === 'object' ? headerValue(headers as Record<string, unknown>, 'retry-after') : ''
  if (raw) {
    if (/^\d+$/.test(raw)) return Number(raw) * 1000
    const at = Date.parse(raw)
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now())
  }
  const seconds = statusOf(err)?.details?.retryAfterSeconds
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined
}

function headerValue(headers: Record<string, unknown>, name: string): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  const v = key ? headers[key] : undefined
  return (Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '')).trim()
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

interface V1StatusLike {
  reason?: string
  message?: string
  details?: { retryAfterSeconds?: number }
}

function httpStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'number' && code >= 100 && code <= 599 ? code : undefined
}

/** The v1 Status the server sent (client-node keeps it as a JSON string in `body`), if it sent one. */
function statusOf(err: unknown): V1StatusLike | undefined {
  let body = (err as { body?: unknown })?.body
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch {
      return undefined
    }
  }
  return body && typeof body === 'object' ? (body as V1StatusLike) : undefined
}

/** A non-JSON body (a proxy's "Too Many Requests"), as one short line; never an HTML page. */
function plainBody(err: unknown): string {
  const body = (err as { body?: unknown })?.body
  if (typeof body !== 'string' || statusOf(err) || /^\s*</.test(body)) return ''
  return (body.trim().split('\n')[0] ?? '').slice(0, 200)
}

/** "TooManyRequests", "InternalError", …: the Status reason, else the HTTP status text in one word. */
function reasonOf(err: unknown, status: number): string {
  const reason = statusOf(err)?.reason
  return typeof reason === 'string' && reason
    ? reason
    : (process.getBuiltinModule('node:http').STATUS_CODES[status] ?? '').replace(/[^A-Za-z]/g, '')
}

/**
 * "HTTP 429 TooManyRequests: the server is throttling" for an error that carries the server's answer (client-node's
 * ApiException, cloudops's KubeRequestError, a KubeApiError); undefined for anything else.
 */
export function describeKubeError(err: unknown): string | undefined {
  if (err instanceof KubeApiError) return err.message
  const status = httpStatus(err)
  const e = err as { body?: unknown; headers?: unknown }
  if (status === undefined || (e.body === undefined && e.headers === undefined)) return undefined
  return answerLine(err, status)
}

function answerLine(err: unknown, status: number): string {
  const reason = reasonOf(err, status)
  const said = statusOf(err)?.message
  const message =
    (typeof said === 'string' ? said.split('\n')[0]?.slice(0, 200) : '') ||
    plainBody(err) ||
    (status === 429 ? 'the API server is throttling requests' : '')
  return `HTTP ${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`
}

/** The error that ends the retries; anything that is neither a server's answer nor a dropped connection as it is. */
function finalError(err: unknown, attempts: number, stoppedBecause?: string): unknown {
  const status = httpStatus(err)
  const connection = status === undefined && isConnectionReset(err)
  if (status === undefined && !connection) return err
  const line = status !== undefined ? answerLine(err, status) : firstLine(err)
  const tried = attempts > 1 || stoppedBecause ? `tried ${attempts} time${attempts > 1 ? 's' : ''}` : ''
  const suffix = tried ? ` (${[tried, stoppedBecause].filter(Boolean).join('; ')})` : ''
  return new KubeApiError(
    `${line}${suffix}`,
    status,
    status !== undefined ? reasonOf(err, status) : undefined,
    attempts,
    (err as { body?: unknown }).body,
    { cause: err },
  )
}

function firstLine(err: unknown): string {
  const message = (err as { message?: unknown })?.message
  return (typeof message === 'string' ? message : String(err)).split('\n')[0]?.slice(0, 240) ?? ''
}
