// Child processes for test servers: free loopback ports, readiness polling, and a stop that leaves nothing behind.
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  stop(): Promise<void>
}

const running = new Set<ChildProcess>()
let exitHookInstalled = false

/** Kill every test server still running when the parent exits (Ctrl-C, a crashed test run). */
function installExitHook() {
  if (exitHookInstalled) return
  exitHookInstalled = true
  const killAll = () => {
    for (const child of running) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }
  }
  process.on('exit', killAll)
}

/** Start a server in its own process group, its output to a log file (read it when a start fails). */
export function startProcess(command: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): ServerProcess {
  installExitHook()
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env })
  // Two pipes into one file: neither may end it (the other may still be writing), so it ends once both have closed.
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  child.once('close', () => log.end())
  running.add(child)
  child.on('exit', () => running.delete(child))
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM')
      } catch {}
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL')
        } catch {}
      }, 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Poll until `check` resolves true, the process dies, or the deadline passes. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  proc: ServerProcess,
  logFile: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited with ${proc.child.exitCode}; see ${logFile}`)
    if (await check().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms; see ${logFile}`)
}
