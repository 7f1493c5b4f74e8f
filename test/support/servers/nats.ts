// nats-server with JetStream (built by scripts/servers/ensure-nats.sh), on a free 127.0.0.1 port with a temp store.
// restart() stops it and starts it again on the same port and store: what a server crash mid-ship looks like.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, type ServerProcess, startProcess, waitUntil } from './process.js'

const ensureScript = new URL('../../../scripts/servers/ensure-nats.sh', import.meta.url).pathname

function natsBinary(): string {
  const path = join(execFileSync('bash', [ensureScript, '--bin-dir'], { encoding: 'utf8' }).trim(), 'nats-server')
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/servers/ensure-nats.sh (npm test runs it)`)
  return path
}

export interface Nats {
  url: string
  port: number
  /** Kill it hard (SIGKILL), as a crash would. */
  kill(): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })

export async function startNats(opts: { token?: string } = {}): Promise<Nats> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-nats-'))
  const logFile = join(dir, 'nats.log')
  const bin = natsBinary()
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'store')]
  if (opts.token) args.push('--auth', opts.token)
  let proc: ServerProcess | undefined
  const start = async () => {
    proc = startProcess(bin, args, logFile)
    await waitUntil('nats-server', () => listening(port), proc, logFile, 30_000)
  }
  await start()
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    async kill() {
      const p = proc
      if (!p || p.child.exitCode !== null) return
      const exited = new Promise<void>((r) => p.child.once('exit', () => r()))
      if (p.child.pid) process.kill(-p.child.pid, 'SIGKILL')
      await exited
    },
    start,
    async stop() {
      await proc?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
