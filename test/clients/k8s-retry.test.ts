// Kubernetes reads are retried as client-go and the AWS SDK retry: 429, 5xx and dropped connections, 3 attempts in
// all, honouring Retry-After, never waiting past the step's deadline or after it is cancelled; the error that ends
// the retries says what the server said. Against a fake API server, with the built CLI and the real client-node.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KubeApiError, withRetries } from '../../src/clients/k8s-retry.js'
import { describeStepError } from '../../src/engine/step-error.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { writeKubeconfig } from '../support/kubeconfig.js'

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void

let sb: Sandbox
let server: Server
let port: number
/** Requests by route: "pods" (the list), "log:POD", "other" (identity and anything else). */
let seen: Record<string, number>
/** When each request arrived, by route. */
let at: Record<string, number[]>
let routes: { pods: Handler; log: Handler }

const json = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
const status = (res: ServerResponse, code: number, reason: string, message: string, headers = {}) =>
  json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code }, headers)
const throttle = (res: ServerResponse, retryAfter = '1') =>
  status(res, 429, 'TooManyRequests', 'the server is throttling', { 'retry-after': retryAfter })

const pod = (name: string, restarts: number) => ({
  metadata: { name, namespace: 'shop' },
  spec: { containers: [{ name: 'app' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        image: 'app:1',
        imageID: '',
        ready: false,
        restartCount: restarts,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error' } },
      },
    ],
  },
})
const podList = (res: ServerResponse, items: unknown[] = [pod('p0', 0)]) =>
  json(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items })

beforeEach(async () => {
  seen = {}
  at = {}
  routes = { pods: (_q, res) => podList(res), log: (_q, res) => res.end('') }
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const log = /\/pods\/([^/]+)\/log$/.exec(path)
    const key = log ? `log:${log[1]}` : path.endsWith('/pods') ? 'pods' : 'other'
    seen[key] = (seen[key] ?? 0) + 1
    at[key] = [...(at[key] ?? []), Date.now()]
    if (key === 'pods') return routes.pods(req, res, seen[key])
    if (log) return routes.log(req, res, seen[key])
    // The audit identity (SelfSubjectReview).
    json(res, 201, { status: { userInfo: { username: 'tester' } } })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as { port: number }).port
  sb = cliSandbox()
  const kubeconfig = join(sb.home, 'kubeconfig')
  writeKubeconfig(kubeconfig, `http://127.0.0.1:${port}`)
  sb.env.KUBECONFIG = kubeconfig
  for (const [k, v] of [
    ['environments.fake.kubernetes.context', 'fake'],
    ['environments.fake.kubernetes.namespace', 'shop'],
  ]) {
    expect(sb.run(['config', 'set', k as string, v as string]).code).toBe(0)
  }
})
afterEach(async () => {
  sb.cleanup()
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

/** The gaps between the requests of a route, in ms: the waits between attempts as the server saw them. */
const gaps = (key: string) => (at[key] ?? []).slice(1).map((t, i) => t - (at[key]?.[i] as number))

interface Step {
  id: string
  status: string
  items: number
  error: string | null
  notes?: string[]
}

async function crashloop() {
  const started = Date.now()
  const r = await sb.runAsync(['run', 'k8s-crashloop-pods', '--env', 'fake', '--json'])
  const ms = Date.now() - started
  const report = JSON.parse(r.stdout)
  const step = (id: string) => report.steps.find((s: Step) => s.id === id) as Step
  const total = Object.values(seen).reduce((a, b) => a + b, 0)
  return { r, ms, report, step, total }
}

describe('a throttled or failing Kubernetes API, from the CLI', () => {
  it('429 with Retry-After: 1, then 200: the run succeeds after waiting the second', async () => {
    routes.pods = (_q, res, n) => (n === 1 ? throttle(res) : podList(res))
    const { r, step, report, total } = await crashloop()
    expect(r.code, r.stderr).toBe(0)
    expect(step('pods')).toMatchObject({ status: 'ok', items: 1 })
    expect(seen.pods).toBe(2)
    expect(gaps('pods')[0]).toBeGreaterThanOrEqual(1000)
    // Every HTTP attempt is counted, the retried one too.
    expect(report.summary.api_calls).toBe(total)
  })

  it('500 once, then 200: the run succeeds', async () => {
    routes.pods = (_q, res, n) => (n === 1 ? status(res, 500, 'InternalError', 'etcd leader changed') : podList(res))
    const { r, step, report, total } = await crashloop()
    expect(r.code, r.stderr).toBe(0)
    expect(step('pods')).toMatchObject({ status: 'ok', items: 1 })
    expect(seen.pods).toBe(2)
    expect(report.summary.api_calls).toBe(total)
  })

  it('a connection reset once, then 200: the run succeeds', async () => {
    routes.pods = (req, res, n) => (n === 1 ? req.socket.destroy() : podList(res))
    const { r, step } = await crashloop()
    expect(r.code, r.stderr).toBe(0)
    expect(step('pods')).toMatchObject({ status: 'ok', items: 1 })
    expect(seen.pods).toBe(2)
  })

  it('always 429: the step fails after 3 attempts, naming the throttling and the server’s message', async () => {
    routes.pods = (_q, res) => throttle(res)
    const { r, ms, step, report, total } = await crashloop()
    // Every required step failed: the product's runtime failure, the report still printed.
    expect(r.code).toBe(1)
    expect(step('pods')).toMatchObject({
      status: 'failed',
      error: 'HTTP 429 TooManyRequests: the server is throttling (tried 3 times)',
    })
    expect(step('pods').error).not.toMatch(/HTTP-Code/)
    expect(seen.pods).toBe(3)
    for (const gap of gaps('pods')) expect(gap).toBeGreaterThanOrEqual(1000)
    expect(ms).toBeLessThan(10_000)
    expect(report.summary.api_calls).toBe(total)
  })

  it('always 500: the step fails after 3 attempts with the server’s reason and message', async () => {
    routes.pods = (_q, res) => status(res, 500, 'InternalError', 'etcd leader changed')
    const { r, step } = await crashloop()
    expect(r.code).toBe(1)
    expect(step('pods').error).toBe('HTTP 500 InternalError: etcd leader changed (tried 3 times)')
    expect(seen.pods).toBe(3)
  })

  it('403 is an answer, not a hiccup: one request, and the permission it needs', async () => {
    routes.pods = (_q, res) => status(res, 403, 'Forbidden', 'pods is forbidden: User "u" cannot list resource')
    const { r, step } = await crashloop()
    expect(r.code).toBe(1)
    expect(step('pods').error).toBe('access denied; it needs list pods')
    expect(seen.pods).toBe(1)
  })

  it('a Retry-After longer than cloudops waits: fails at once instead of sleeping', async () => {
    routes.pods = (_q, res) => throttle(res, '120')
    const { r, ms, step } = await crashloop()
    expect(r.code).toBe(1)
    expect(step('pods').error).toBe(
      'HTTP 429 TooManyRequests: the server is throttling (tried 1 time; the server asked to wait 120s, longer than cloudops waits (20s))',
    )
    expect(seen.pods).toBe(1)
    expect(ms).toBeLessThan(10_000)
  })

  it('a wait that would outlast the step timeout is not begun: the step fails at once naming the throttling', async () => {
    expect(sb.run(['config', 'set', 'execution.step_timeout_seconds', '2']).code).toBe(0)
    routes.pods = (_q, res) => throttle(res, '15')
    const { ms, step } = await crashloop()
    expect(step('pods')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/HTTP 429 TooManyRequests: the server is throttling .*past the step's deadline/),
    })
    expect(ms).toBeLessThan(10_000)
    expect(seen.pods).toBe(1)
    await new Promise((res) => setTimeout(res, 500))
    expect(seen.pods).toBe(1)
  })
})

describe('previous logs', () => {
  const twoRestarted = (res: ServerResponse) => podList(res, [pod('p0', 9), pod('p1', 3)])

  it('a log read is the tail; a container with no previous instance is "no previous log"', async () => {
    routes.pods = (_q, res) => twoRestarted(res)
    routes.log = (req, res, n) => {
      if (req.url?.includes('/pods/p0/')) {
        if (n === 1) return status(res, 503, 'ServiceUnavailable', 'the kubelet is busy')
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end('starting\npanic: config missing\n')
      }
      status(res, 400, 'BadRequest', 'previous terminated container "app" in pod "p1" not found')
    }
    const { r, step, report } = await crashloop()
    expect(r.code, r.stderr).toBe(0)
    expect(step('logs')).toMatchObject({ status: 'ok', items: 1 })
    expect(step('logs').notes).toEqual([
      'no previous log for shop/p1 container app: HTTP 400 BadRequest: previous terminated container "app" in pod "p1" not found',
    ])
    const p0 = report.findings.find((f: { id: string }) => f.id === 'k8s-crashloop:shop/p0:app')
    expect(p0.evidence.previous_log_tail).toEqual(['starting', 'panic: config missing'])
    expect(seen['log:p0']).toBe(2)
  })

  it('throttled: reported as unavailable with the reason, never as "no previous log"', async () => {
    routes.pods = (_q, res) => twoRestarted(res)
    routes.log = (_q, res) => throttle(res)
    const { r, ms, step, report, total } = await crashloop()
    // The optional step's failure is a note; the pods were seen, so the run succeeds.
    expect(r.code, r.stderr).toBe(0)
    expect(step('logs')).toMatchObject({ status: 'ok', items: 0 })
    expect(step('logs').notes).toEqual([
      'previous log unavailable for shop/p0 container app: HTTP 429 TooManyRequests: the server is throttling (tried 3 times)',
      'previous log unavailable for shop/p1 container app: not fetched, the API server was throttling',
    ])
    expect(step('logs').notes?.join(' ')).not.toMatch(/no previous log/)
    // The throttled server is not asked for the rest.
    expect(seen['log:p0']).toBe(3)
    for (const gap of gaps('log:p0')) expect(gap).toBeGreaterThanOrEqual(1000)
    expect(seen['log:p1']).toBeUndefined()
    expect(ms).toBeLessThan(10_000)
    expect(report.summary.api_calls).toBe(total)
  })
})

describe('withRetries with the real client-node', () => {
  const api = async () => {
    const k8s = await import('@kubernetes/client-node')
    const kc = new k8s.KubeConfig()
    kc.loadFromFile(sb.env.KUBECONFIG as string)
    return kc.makeApiClient(k8s.CoreV1Api)
  }

  it('never begins a wait that would end past the step’s deadline', async () => {
    routes.pods = (_q, res, n) => (n === 1 ? throttle(res) : podList(res))
    const core = await api()
    const ctx = { clients: { metrics: { apiCalls: 0 } }, deadline: Date.now() + 400 }
    const started = Date.now()
    const err = await withRetries(ctx, () => core.listNamespacedPod({ namespace: 'shop' })).catch((e) => e)
    expect(Date.now() - started).toBeLessThan(400)
    expect(err).toBeInstanceOf(KubeApiError)
    expect(err.message).toBe(
      "HTTP 429 TooManyRequests: the server is throttling (tried 1 time; the server asked to wait 1s, past the step's deadline)",
    )
    expect(err.code).toBe(429)
    expect(seen.pods).toBe(1)
    expect(ctx.clients.metrics.apiCalls).toBe(1)
  })

  it('with time before the deadline, waits the Retry-After and succeeds', async () => {
    routes.pods = (_q, res, n) => (n === 1 ? throttle(res) : podList(res))
    const core = await api()
    const ctx = { clients: { metrics: { apiCalls: 0 } }, deadline: Date.now() + 5000 }
    const started = Date.now()
    const list = await withRetries(ctx, () => core.listNamespacedPod({ namespace: 'shop' }))
    expect(list.items).toHaveLength(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    expect(ctx.clients.metrics.apiCalls).toBe(2)
  })

  it('stops waiting at once when the step’s signal aborts', async () => {
    routes.pods = (_q, res) => throttle(res, '15')
    const core = await api()
    const controller = new AbortController()
    const ctx = { clients: { metrics: { apiCalls: 0 } }, signal: controller.signal }
    setTimeout(() => controller.abort(new Error('step cancelled')), 200)
    const started = Date.now()
    const err = await withRetries(ctx, () => core.listNamespacedPod({ namespace: 'shop' })).catch((e) => e)
    expect(err.message).toBe('step cancelled')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(seen.pods).toBe(1)
  })

  it('a client-node error that was not retried still reads as the server’s answer', async () => {
    routes.pods = (_q, res) => throttle(res)
    const core = await api()
    const err = await core.listNamespacedPod({ namespace: 'shop' }).catch((e) => e)
    expect(err.message).toMatch(/^HTTP-Code: 429/)
    const action = { provider: 'kubernetes', permissions: ['list pods'] } as never
    expect(describeStepError(err, action)).toBe('HTTP 429 TooManyRequests: the server is throttling')
  })
})

describe('the AWS path says the same', () => {
  it('a throttling error after the SDK’s retries says how many times it was tried; a first-time error does not', async () => {
    const { EC2ServiceException } = await import('@aws-sdk/client-ec2')
    const throttled = (attempts: number) =>
      new EC2ServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { attempts, httpStatusCode: 400 },
        message: 'Rate exceeded',
      })
    const action = { provider: 'aws', permissions: ['ec2:DescribeInstances'] } as never
    expect(describeStepError(throttled(3), action)).toBe('ThrottlingException: Rate exceeded (tried 3 times)')
    expect(describeStepError(throttled(1), action)).toBe('ThrottlingException: Rate exceeded')
  })
})
