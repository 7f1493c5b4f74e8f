// Kubernetes list steps follow `continue` to the end, and stop at once when their step times out: a server that
// always answers "continue" gets no request after the run's report.

import { createServer, type IncomingMessage, type Server } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { writeKubeconfig } from '../support/kubeconfig.js'

let sb: Sandbox
let server: Server
let requests: string[]
let connections: number
let pagesBeforeEnd: number // Infinity: the server always says "continue"

beforeEach(async () => {
  requests = []
  connections = 0
  server = createServer((req: IncomingMessage, res) => {
    requests.push(req.url ?? '')
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('continue') ?? 0)
    const more = page + 1 < pagesBeforeEnd
    const item = {
      metadata: { name: `p${page}`, namespace: 'shop' },
      spec: { containers: [] },
      status: { phase: 'Running' },
    }
    res.setHeader('content-type', 'application/json')
    // Slow enough that a run with a 2 s step timeout pages a while before it.
    setTimeout(() => {
      res.end(
        JSON.stringify({
          kind: 'List',
          apiVersion: 'v1',
          metadata: more ? { continue: String(page + 1) } : {},
          items: [item],
        }),
      )
    }, 20)
  })
  server.on('connection', () => connections++)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  sb = cliSandbox()
  const kubeconfig = join(sb.home, 'kubeconfig')
  const port = (server.address() as { port: number }).port
  writeKubeconfig(kubeconfig, `http://127.0.0.1:${port}`)
  sb.env.KUBECONFIG = kubeconfig
  for (const [k, v] of [
    ['environments.fake.kubernetes.context', 'fake'],
    ['environments.fake.kubernetes.namespace', 'shop'],
    ['execution.step_timeout_seconds', '2'],
  ]) {
    expect(sb.run(['config', 'set', k as string, v as string]).code).toBe(0)
  }
})
afterEach(async () => {
  sb.cleanup()
  await new Promise((r) => server.close(r))
})

const podLists = () => requests.filter((u) => u.includes('/pods')).length

describe('paging a Kubernetes list', () => {
  it('follows continue to the end and reports every item', async () => {
    pagesBeforeEnd = 3
    const r = await sb.runAsync(['run', 'k8s-crashloop-pods', '--env', 'fake', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.steps.find((s: { id: string }) => s.id === 'pods')).toMatchObject({ status: 'ok', items: 3 })
    expect(podLists()).toBe(3)
  })

  it("sends the pages, and the run's other requests, over connections kept open: not one connection a request", async () => {
    pagesBeforeEnd = 5
    const r = await sb.runAsync(['run', 'k8s-crashloop-pods', '--env', 'fake', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(podLists()).toBe(5)
    expect(requests).toHaveLength(6) // who the run acts as, then the five pages
    // The pages follow each other on one connection; the first request may still hold its own when they start.
    expect(connections).toBeLessThanOrEqual(2)
  })

  it('stops paging when the step times out, and sends nothing after the report', async () => {
    pagesBeforeEnd = Number.POSITIVE_INFINITY
    const started = Date.now()
    const r = await sb.runAsync(['run', 'k8s-crashloop-pods', '--env', 'fake', '--json'])
    // The process ends soon after the 2 s timeout; a paging loop left running would keep it alive (killed at 30 s).
    expect(Date.now() - started).toBeLessThan(15_000)
    const report = JSON.parse(r.stdout)
    expect(report.steps.find((s: { id: string }) => s.id === 'pods')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/timed out after 2s/),
    })
    const atExit = podLists()
    await new Promise((res) => setTimeout(res, 1000))
    expect(podLists()).toBe(atExit)
  })
})
