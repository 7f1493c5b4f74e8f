// A command that keeps printing until Ctrl-C (`audit tail -f`), run from the built CLI: what it printed so far, a
// bounded wait for what a test expects, and the Ctrl-C.
import { spawn } from 'node:child_process'
import { binPath } from './cli.js'

export function follow(args: string[], o: { env: NodeJS.ProcessEnv; cwd?: string }) {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: o.cwd,
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
  return {
    output: () => out,
    /** Waits until done() holds, for at most 10 s (the assertion after it says what was missing). */
    async until(done: () => boolean): Promise<void> {
      for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 50))
    },
    /** Ctrl-C, and the exit code it ended with. */
    interrupt(): Promise<number | null> {
      child.kill('SIGINT')
      return closed
    },
  }
}
