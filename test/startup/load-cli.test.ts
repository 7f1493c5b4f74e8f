// bin/run.cjs loads the bundle with the code cache its last run of the same command word made: the first run writes
// the entry, later ones read it and leave it as it is, an entry V8 refuses is made again, and none changes what a
// command prints. The bundle is one module: oclif, loading it for a typo, gets the instance that is running.
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCli } from '../../src/startup/load-cli.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'

const boxes: Sandbox[] = []
const box = () => {
  const b = cliSandbox()
  boxes.push(b)
  return b
}
afterAll(() => {
  for (const b of boxes.splice(0)) b.cleanup()
})

const ask = ['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod']
const entries = (b: Sandbox) => {
  const code = join(b.home, 'cache', 'cloudops', 'code')
  let builds: string[]
  try {
    builds = readdirSync(code)
  } catch {
    return []
  }
  return builds.flatMap((d) => readdirSync(join(code, d)).map((f) => join(code, d, f)))
}
/** A report without what differs from run to run: its run id, plan id and expiry. */
const stable = (stdout: string) =>
  stdout
    .replace(/\(run [0-9A-Z]{20}\)/g, '(run …)')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<plan id>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
const askEntry = (b: Sandbox) => entries(b).find((f) => f.endsWith(`${process.version}-${process.arch}-ask.bin`))

describe('the code cache', () => {
  it('is made by the first run of a command, and read, not rewritten, by the next', () => {
    const b = box()
    const first = b.run(ask)
    expect(first.code, first.stderr).toBe(0)
    const entry = askEntry(b) as string
    expect(entry).toBeDefined()
    expect(statSync(entry).mode & 0o777).toBe(0o600)
    const before = statSync(entry)
    const second = b.run(ask)
    expect(second.code, second.stderr).toBe(0)
    expect(stable(second.stdout)).toBe(stable(first.stdout))
    expect(second.stderr).toBe('')
    const after = statSync(entry)
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
  })

  it('an entry V8 refuses is made again, and the run does as without it', () => {
    const b = box()
    const first = b.run(ask)
    const entry = askEntry(b) as string
    writeFileSync(entry, Buffer.alloc(4096, 7), { mode: 0o600 })
    const again = b.run(ask)
    expect(again.code, again.stderr).toBe(0)
    expect(stable(again.stdout)).toBe(stable(first.stdout))
    expect(again.stderr).toBe('')
    expect(readFileSync(entry).equals(Buffer.alloc(4096, 7))).toBe(false)
    const made = statSync(entry)
    b.run(ask)
    expect(statSync(entry).mtimeMs).toBe(made.mtimeMs)
  })

  it('an entry others could have written is not read: it is made again, for this user alone', () => {
    const b = box()
    b.run(ask)
    const entry = askEntry(b) as string
    chmodSync(entry, 0o666)
    const before = statSync(entry)
    expect(before.mode & 0o777).not.toBe(0o600)
    expect(b.run(ask).code).toBe(0)
    const after = statSync(entry)
    expect(after.mode & 0o777).toBe(0o600)
    expect(after.ino).not.toBe(before.ino)
  })

  it('is one entry per command word; none for a typo, a --verbose run or NODE_DISABLE_COMPILE_CACHE', () => {
    const b = box()
    expect(b.run(['aks', 'why is cpu high']).code).toBe(2)
    expect(b.run([...ask, '--verbose']).code).toBe(0)
    expect(b.run(ask, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } }).code).toBe(0)
    // Runs that end early: their entry would lack most of what a whole run calls, and V8 would accept it.
    // Help through oclif, as the build renders it (scripts/help.js) and a terminal gets it.
    expect(b.run(['ask', '--help'], { env: { CLOUDOPS_NO_FAST_PATH: '1' } }).code).toBe(0)
    expect(b.run(['ask', '--dry-run', '--provider', 'offline']).code).toBe(2)
    expect(b.run(['ask', '--dry-run', '--provider', 'offline', 'delete the prod cluster']).code).toBe(3)
    expect(entries(b)).toEqual([])
    expect(b.run(['playbooks', 'list']).code).toBe(0)
    expect(b.run(ask).code).toBe(0)
    expect(
      entries(b)
        .map((f) => f.split('-').at(-1))
        .sort(),
    ).toEqual(['ask.bin', 'playbooks.bin'])
  })

  it('reads a bundle as the UTF-8 it is: as latin1 when it is ASCII, and decoded when not', () => {
    const b = box()
    const text = 'the plan \u2192 policy \u2014 \u2018quoted\u2019'
    for (const [name, literal] of [
      [
        'ascii.cjs',
        JSON.stringify(text).replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      ],
      ['utf8.cjs', `'${text}'`],
    ] as const) {
      const file = join(b.home, name)
      writeFileSync(file, `/* cloudops build 0123456789abcdef */ exports.COMMANDS = {}; exports.text = ${literal}\n`)
      expect(readFileSync(file).some((byte) => byte > 0x7f)).toBe(name === 'utf8.cjs')
      expect((loadCli(['ask'], b.env, file) as unknown as { text: string }).text).toBe(text)
    }
  })

  it('leaves the bundle in require.cache, where oclif finds the same module', () => {
    const b = box()
    const file = new URL('../../dist/bundle/cli.cjs', import.meta.url).pathname
    const cli = loadCli(['nothing-to-cache'], b.env, file)
    expect(typeof cli.run).toBe('function')
    expect(createRequire(file).cache[file]?.exports).toBe(cli)
    expect(createRequire(file)(file)).toBe(cli)
  })
})
