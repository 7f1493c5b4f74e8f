// The built CLI in a real pseudo-terminal (util-linux `script`), at a given size, and what a person would see:
// the raw bytes are fed to a real terminal emulator (xterm.js, headless), whose screen the test reads.
import { type ChildProcess, spawn } from 'node:child_process'
import xterm from '@xterm/headless'
import { binPath } from './cli.js'

// A CommonJS package: its default export is the module (a named import works under vitest only).

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`

export interface PtyRun {
  child: ChildProcess
  /** Everything written to the terminal so far, escape codes and all. */
  raw(): string
  /** Keys typed at the terminal (\u0003 is Ctrl-C). */
  type(keys: string): void
  exited: Promise<number | null>
  /** The screen as the emulator shows it now: each row's text and whether it is a wrapped continuation. */
  screen(): Promise<{ text: string; wrapped: boolean }[]>
  /** Waits until the raw output matches, or fails after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>
}

export function runInPty(
  args: string[],
  opts: { cols: number; rows?: number; env: Record<string, string | undefined>; cwd: string },
): PtyRun {
  const rows = opts.rows ?? 50
  const command = `stty cols ${opts.cols} rows ${rows}; exec ${quote(process.execPath)} ${quote(binPath)} ${args.map(quote).join(' ')}`
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: opts.cwd,
    env: { TERM: 'xterm-256color', ...opts.env } as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
  return {
    child,
    raw: () => out,
    type: (keys) => child.stdin?.write(keys),
    exited,
    async screen() {
      const term = new xterm.Terminal({ cols: opts.cols, rows, allowProposedApi: true, scrollback: 1000 })
      await new Promise<void>((r) => term.write(out.replaceAll(/(?<!\r)\n/g, '\r\n'), r))
      const buffer = term.buffer.active
      const lines = []
      for (let i = 0; i < buffer.length; i++) {
        const line = buffer.getLine(i)
        if (line) lines.push({ text: line.translateToString(true), wrapped: line.isWrapped })
      }
      term.dispose()
      while (lines.length && lines.at(-1)?.text === '') lines.pop()
      return lines
    },
    async waitFor(pattern, ms = 20_000) {
      const deadline = Date.now() + ms
      while (!pattern.test(out)) {
        if (Date.now() > deadline) throw new Error(`not seen in ${ms} ms: ${pattern}\n--- output ---\n${out}`)
        await new Promise((r) => setTimeout(r, 25))
      }
    },
  }
}
