// stdout off a terminal, written to directly (src/render/std-output.ts): everything reaches a pipe, even one another
// process made non-blocking, and a reader that goes away (`| head`) ends the output without a stack trace.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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

/**
 * The command with its stdout closed by its reader: after reading `bytes`, as `| head -c <bytes>` does, or (`unread`)
 * while the output sits unread, which makes the command's next write fail with ECONNRESET instead of EPIPE (Node's
 * pipes to a child are socket pairs).
 */
function closedByReader(args: string[], how: { bytes: number } | 'unread') {
  return sandbox.runAsync(args, {
    readStdout: (out) => {
      // Once the command has filled the socket's buffer and waits for room.
      if (how === 'unread') setTimeout(() => out.destroy(), 1000)
      else {
        let read = 0
        out.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read >= how.bytes) out.destroy()
        })
      }
    },
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
      for (const how of [{ bytes: 1000 }, 'unread'] as const) {
        const r = await closedByReader(args, how)
        expect(r.stderr, `${args.join(' ')}, ${JSON.stringify(how)}`).toBe('')
        expect(r.code, `${args.join(' ')}, ${JSON.stringify(how)}`).toBe(0)
      }
    }
  })

  it("whose reader has gone ends quietly in a shell's pipe too (EPIPE; Node's own pipes are sockets)", () => {
    const errFile = join(sandbox.home, 'export.stderr')
    const line = `"${process.execPath}" "${binPath}" audit export 2>"${errFile}" | head -c 1000 >/dev/null`
    const r = spawnSync('bash', ['-c', `${line}; echo "\${PIPESTATUS[0]}"`], {
      cwd: sandbox.home,
      env: sandbox.env,
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.stdout.trim()).toBe('0')
    expect(readFileSync(errFile, 'utf8')).toBe('')
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
