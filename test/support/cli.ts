// Run the built CLI as a user would: a child process with its own XDG directories, no network, no TTY.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { assertDeclaredExit } from './command-line.js'

export const binPath = new URL('../../bin/run.cjs', import.meta.url).pathname

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface Sandbox {
  home: string
  env: Record<string, string>
  run(
    args: string[],
    options?: { env?: Record<string, string | undefined>; input?: string; nodeArgs?: string[]; cwd?: string },
  ): CliResult
  /** The same, without blocking the event loop: for tests whose servers live in this process. `readStdout` reads the
   * output its own way (a reader that goes away early), instead of keeping all of it in `stdout`. */
  runAsync(
    args: string[],
    options?: { env?: Record<string, string | undefined>; readStdout?: (out: Readable) => void },
  ): Promise<CliResult>
  cleanup(): void
}

/** Everything cloudops reads from the environment is pinned here, so the host's config never leaks into a test. */
export function cliSandbox(): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'cloudops-test-'))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
    NO_COLOR: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  }
  const withEnv = (extra: Record<string, string | undefined> = {}) => {
    const merged: Record<string, string> = { ...env }
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete merged[k]
      else merged[k] = v
    }
    return merged
  }
  return {
    home,
    env,
    run(args, options = {}) {
      const merged = withEnv(options.env)
      const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), binPath, ...args], {
        cwd: options.cwd ?? home,
        env: merged,
        input: options.input ?? '',
        encoding: 'utf8',
        timeout: 30_000,
      })
      assertDeclaredExit(args, r.status ?? -1)
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
    },
    runAsync(args, options = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [binPath, ...args], {
          cwd: home,
          env: withEnv(options.env),
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let stdout = ''
        let stderr = ''
        if (options.readStdout) options.readStdout(child.stdout)
        else
          child.stdout.on('data', (d) => {
            stdout += d
          })
        child.stderr.on('data', (d) => {
          stderr += d
        })
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
        child.on('error', reject)
        child.on('close', (code) => {
          clearTimeout(timer)
          try {
            assertDeclaredExit(args, code ?? -1)
          } catch (err) {
            reject(err)
            return
          }
          resolve({ code: code ?? -1, stdout, stderr })
        })
      })
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true })
    },
  }
}
