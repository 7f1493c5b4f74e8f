// stdout off a terminal, written to directly (src/render/std-output.ts): everything reaches a pipe, even one another
// process made non-blocking, and a reader that goes away (`| head`) ends the output without a stack trace.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeAuditLog } from '../support/audit-log.js'
import { binPath, cliSandbox, type Sandbox } from '../support/cli.js'

let sandbox: Sandbox
// Well over a pipe's 64 KiB buffer, so that a write finds the pipe full or its reader gone.
const records = 1000

beforeAll(() => {
  sandbox = cliSandbox()
  writeAuditLog(join(sandbox.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl'), records, { host: 'ci-1' })
})
afterAll(() => sandbox.cleanup())

/** The command with its stdout read up to `bytes`, then closed, as `| head -c <bytes>` does. */
function readThenClose(args: string[], bytes: number): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: sandbox.home,
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let read = 0
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      read += chunk.length
      if (read >= bytes) child.stdout.destroy()
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, read })
    })
  })
}

describe('stdout in a pipe', () => {
  it('carries the whole output', () => {
    const r = sandbox.run(['audit', 'export'])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(records)
    expect(JSON.parse(lines.at(-1) as string).seq).toBe(records)
  })

  it('whose reader has gone ends quietly, with the exit code of the command', async () => {
    for (const args of [
      ['audit', 'export'],
      ['audit', 'tail', '-n', String(records)],
      // Following stops too: as `tail -f | head` ends.
      ['audit', 'tail', '-f', '-n', String(records)],
    ]) {
      const r = await readThenClose(args, 1000)
      expect(r.read).toBeGreaterThanOrEqual(1000)
      expect(r.stderr, args.join(' ')).toBe('')
      expect(r.code, args.join(' ')).toBe(0)
    }
  })

  it('made non-blocking by another process still gets every byte, in order', () => {
    const expected = sandbox.run(['audit', 'export']).stdout
    // Python makes the pipe (its write end O_NONBLOCK, shared with the child) and reads it only after a pause, so the
    // child's writes find it full (EAGAIN) and must wait for room instead of failing or losing bytes.
    const reader = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe()',
      'os.set_blocking(w, False)',
      'child = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(0.5)',
      'data = b""',
      'while True:',
      '    chunk = os.read(r, 65536)',
      '    if not chunk: break',
      '    data += chunk',
      'sys.stdout.buffer.write(data)',
      'sys.exit(child.wait())',
    ].join('\n')
    const r = spawnSync('python3', ['-c', reader, process.execPath, binPath, 'audit', 'export'], {
      cwd: sandbox.home,
      env: sandbox.env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30_000,
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout.length).toBe(expected.length)
    expect(r.stdout === expected).toBe(true)
  })
})
