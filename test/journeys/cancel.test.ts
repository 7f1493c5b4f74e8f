// Journey: a run is stuck on a server that never answers, and the person presses Ctrl-C (or a CronJob is stopped
// with SIGTERM). The process ends at once with one line and the contract's code; the run's audit ends
// `cancelled`; the chain verifies; the next run starts without waiting.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { binPath, cliSandbox, type Sandbox } from '../support/cli.js'
import { writeKubeconfig } from '../support/kubeconfig.js'

let hung: Server
const sockets = new Set<Socket>()
let sb: Sandbox

beforeAll(async () => {
  // Accepts connections and never answers: a wedged API server or a black-holed proxy.
  hung = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r))
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise((r) => hung.close(r))
})

beforeEach(() => {
  sb = cliSandbox()
  const port = (hung.address() as { port: number }).port
  const kubeconfig = join(sb.home, 'kubeconfig')
  writeKubeconfig(kubeconfig, `https://127.0.0.1:${port}`, ['hung'])
  sb.env.KUBECONFIG = kubeconfig
  expect(sb.run(['config', 'set', 'environments.stuck.kubernetes.context', 'hung']).code).toBe(0)
})
afterEach(() => sb.cleanup())

const auditLog = () => join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')

async function runThenSignal(signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [binPath, 'run', 'k8s-node-health', '--env', 'stuck'], {
    cwd: sb.home,
    env: sb.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => {
    stderr += d
  })
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
  // Wait until a step is in flight against the hung server.
  const deadline = Date.now() + 20_000
  while (!(existsSync(auditLog()) && readFileSync(auditLog(), 'utf8').includes('"step_started"'))) {
    if (Date.now() > deadline) throw new Error(`no step started; stderr: ${stderr}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const sentAt = Date.now()
  child.kill(signal)
  const code = await exited
  return { code, stderr, ms: Date.now() - sentAt }
}

/** `audit list` is newest first. */
function newestRunStatus(): string | undefined {
  const runs = JSON.parse(sb.run(['audit', 'list', '--json']).stdout) as { status: string }[]
  return runs[0]?.status
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during a run', (signal, expected) => {
  it(`exits ${expected} with one line, records the run as cancelled, and the chain verifies`, async () => {
    const r = await runThenSignal(signal)
    expect(r.code).toBe(expected)
    expect(r.ms).toBeLessThan(10_000) // the in-flight call was aborted, not waited for (the step timeout is 60 s)
    const lines = r.stderr.trim().split('\n')
    expect(lines.at(-1)).toMatch(new RegExp(`cancelled by ${signal}`))
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace

    const records = readFileSync(auditLog(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    // The in-flight step was aborted and recorded as such, not abandoned.
    const step = records.find((x) => x.kind === 'step_finished')
    expect(step?.data).toMatchObject({ status: 'failed', error: expect.stringMatching(/^cancelled/) })
    const last = records.at(-1)
    expect(last.kind).toBe('run_finished')
    expect(last.data).toMatchObject({ status: 'cancelled', signal })
    expect(newestRunStatus()).toBe('cancelled')
    expect(sb.run(['audit', 'verify']).code).toBe(0)

    // The next run starts at once: no stale lock, no half-written record in its way.
    const next = sb.run(['ask', '--dry-run', 'nodes not ready in stuck'])
    expect(next.code, next.stderr).toBe(0)
    expect(sb.run(['audit', 'verify']).code).toBe(0)
  })
})

it('a run that is not interrupted ends succeeded in the same log (the success next to the cancel)', () => {
  const r = sb.run(['ask', '--dry-run', 'nodes not ready in stuck', '--json'])
  expect(r.code, r.stderr).toBe(0)
  expect(JSON.parse(r.stdout).status).toBe('dry_run')
  expect(newestRunStatus()).toBe('dry_run')
})
