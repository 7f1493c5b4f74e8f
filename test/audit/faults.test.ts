// Faults the audit log must survive: a full disk (nothing torn, one clear line, the chain intact once space is
// freed), a torn last line from a crash (refused, then set aside by `audit repair`), and a lock left by a process
// that died mid-append (taken at once, while a live owner is waited for).
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { binPath, cliSandbox, type Sandbox } from '../support/cli.js'

let sb: Sandbox
let log: string
beforeEach(() => {
  sb = cliSandbox()
  log = join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
})
afterEach(() => sb.cleanup())

const dryRun = (env: Record<string, string> = {}) =>
  sb.run(['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod'], { env })
const verify = (env: Record<string, string> = {}) => sb.run(['audit', 'verify', '--json'], { env })

/** A small file system of our own (tmpfs): only root may mount one, so elsewhere the test says it was skipped. */
function smallFileSystem(kib: number): { dir: string; unmount(): void } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-full-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir])
  if (r.status !== 0) return undefined
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
const fs = smallFileSystem(0) // probe once
fs?.unmount()

describe('a full disk', () => {
  it.skipIf(!fs)('refuses with one line naming the directory, tears nothing, and works once space is freed', () => {
    const small = smallFileSystem(64) as NonNullable<ReturnType<typeof smallFileSystem>>
    try {
      const env = { CLOUDOPS_AUDIT_LOG: join(small.dir, 'audit.jsonl') }
      expect(dryRun(env).code).toBe(0)
      const before = readFileSync(env.CLOUDOPS_AUDIT_LOG, 'utf8')
      // Fill the file system, leaving about 1 KiB: less than a run's records.
      const free = () =>
        Number(execFileSync('df', ['--output=avail', '-B1', small.dir], { encoding: 'utf8' }).split('\n')[1])
      writeFileSync(join(small.dir, 'filler'), Buffer.alloc(Math.max(0, free() - 1024)))
      const r = dryRun(env)
      expect(r.code).toBe(1)
      const lines = r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('Error:'))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`disk full: free space in ${small.dir}; nothing was run`))
      // Whatever was appended is whole: every line is a record, and the log still verifies.
      const after = readFileSync(env.CLOUDOPS_AUDIT_LOG, 'utf8')
      expect(after.startsWith(before)).toBe(true)
      expect(after.endsWith('\n')).toBe(true)
      for (const line of after.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow()
      expect(verify(env).code).toBe(0)

      rmSync(join(small.dir, 'filler'))
      expect(dryRun(env).code).toBe(0)
      expect(JSON.parse(verify(env).stdout)).toMatchObject({ valid: true })
    } finally {
      small.unmount()
    }
  })
})

describe('a torn last line', () => {
  beforeEach(() => {
    expect(sb.run(['config', 'init']).code).toBe(0)
    expect(dryRun().code).toBe(0)
  })

  it('is refused with the fix, and `audit repair` moves it aside, records the repair, and runs go on', () => {
    const whole = readFileSync(log, 'utf8')
    const torn = '{"actor":{"host":"vm"},"data":{"command":"ask"'
    writeFileSync(log, whole + torn)
    const refused = dryRun()
    expect(refused.code).toBe(7)
    expect(refused.stderr).toMatch(/ends in a torn record .* Run `cloudops audit repair`/)
    const v = JSON.parse(verify().stdout)
    expect(v.valid).toBe(false)
    expect(v.problems.at(-1).reason).toMatch(/torn last line .*audit repair/)

    const repaired = sb.run(['audit', 'repair', '--json'])
    expect(repaired.code).toBe(0)
    const result = JSON.parse(repaired.stdout)
    expect(result).toMatchObject({ repaired: true, torn_bytes: torn.length })
    expect(readFileSync(result.moved_to, 'utf8')).toBe(torn) // kept, not deleted
    const records = readFileSync(log, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(readFileSync(log, 'utf8').startsWith(whole)).toBe(true) // every complete record is still there
    expect(records.at(-2)).toMatchObject({ kind: 'log_repaired', data: { torn_bytes: torn.length } })
    expect(JSON.parse(verify().stdout)).toMatchObject({ valid: true })
    expect(dryRun().code).toBe(0)
  })

  it('on a whole log, repair changes nothing', () => {
    const whole = readFileSync(log, 'utf8')
    const r = sb.run(['audit', 'repair'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Nothing to repair/)
    expect(readFileSync(log, 'utf8')).toBe(whole)
    expect(readdirSync(join(log, '..')).some((f) => f.includes('.torn-'))).toBe(false)
  })

  it('a whole last record whose newline was lost gets its newline back, nothing cut', () => {
    const whole = readFileSync(log, 'utf8')
    writeFileSync(log, whole.slice(0, -1))
    expect(dryRun().code).toBe(7)
    const r = JSON.parse(sb.run(['audit', 'repair', '--json']).stdout)
    expect(r).toMatchObject({ repaired: true, moved_to: null, torn_bytes: 0 })
    expect(readFileSync(log, 'utf8').startsWith(whole)).toBe(true)
    expect(verify().code).toBe(0)
  })
})

describe('a lock left behind', () => {
  beforeEach(() => {
    expect(dryRun().code).toBe(0)
  })

  function leaveLock(pid: number, start?: string) {
    mkdirSync(`${log}.lock`)
    writeFileSync(`${log}.lock-owner`, JSON.stringify({ pid, host: hostname(), ...(start ? { start } : {}) }))
  }

  it('by a process that died is taken at once (not after the 10 s stale timeout)', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid as number
    leaveLock(dead)
    const started = Date.now()
    expect(dryRun().code).toBe(0)
    expect(Date.now() - started).toBeLessThan(8000)
    expect(existsSync(`${log}.lock`)).toBe(false)
    expect(verify().code).toBe(0)
  })

  it('by a live process is waited for', async () => {
    const holder = spawn('sleep', ['30'])
    const start = readFileSync(`/proc/${holder.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19]
    leaveLock(holder.pid as number, start)
    const child = spawn(
      process.execPath,
      [binPath, 'ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod'],
      {
        env: sb.env,
        stdio: 'ignore',
      },
    )
    const exited = new Promise<number | null>((r) => child.on('close', r))
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r('waiting'), 2500))])
    expect(early).toBe('waiting')
    // The owner finishes: its lock goes, and the waiting run proceeds.
    rmSync(`${log}.lock`, { recursive: true })
    rmSync(`${log}.lock-owner`)
    holder.kill()
    expect(await exited).toBe(0)
  })
})
