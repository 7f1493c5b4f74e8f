// `plan --out FILE`: a path the plan cannot be saved to is a usage error (exit 2) that names the path and the fix,
// found before anything is recorded as planned. The file is written whole (temp file + rename), mode 0600, and never
// through a symbolic link.
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkWritableFile, writeFileAtomic } from '../../src/util/safe-write.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'

let sb: Sandbox
beforeEach(() => {
  sb = cliSandbox()
})
afterEach(() => sb.cleanup())

const plan = (out: string, ...extra: string[]) =>
  sb.run(['plan', '--playbook', 'aws-security-group-exposure', '--out', out, ...extra])

function audit(): { kind: string; data: Record<string, unknown> }[] {
  const file = join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
}

const statuses = () => audit().map((r) => (r.kind === 'run_finished' ? `${r.kind}:${r.data.status}` : r.kind))

describe('plan --out refuses a path it cannot save to: exit 2, before anything is planned', () => {
  it('a directory that does not exist: names the path and the fix, recorded as a failure, not as planned', () => {
    const out = join(sb.home, 'nope', 'x.json')
    const r = plan(out)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`cannot write ${out}: directory ${join(sb.home, 'nope')} does not exist`)
    expect(r.stderr).toContain(`mkdir -p ${join(sb.home, 'nope')}`)
    expect(r.stderr).not.toMatch(/internal error/)
    expect(statuses()).toEqual(['command_failed'])
    const j = JSON.parse(plan(out, '--json').stdout)
    expect(j.error).toMatchObject({ code: 2, message: expect.stringContaining(out) })
    expect(statuses()).not.toContain('run_finished:planned')
    expect(sb.run(['audit', 'verify']).code).toBe(0)
  })

  it('an existing symbolic link, even to a file it could write: the link and its target are left alone', () => {
    const target = join(sb.home, 'target.json')
    writeFileSync(target, 'keep\n')
    const link = join(sb.home, 'plan.json')
    symlinkSync(target, link)
    const r = plan(link)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--out ${link} is a symbolic link`)
    expect(readFileSync(target, 'utf8')).toBe('keep\n')
    expect(readlinkSync(link)).toBe(target)
    // A dangling link too: it would otherwise create the file it points to.
    const dangling = join(sb.home, 'dangling.json')
    symlinkSync(join(sb.home, 'elsewhere.json'), dangling)
    expect(plan(dangling).code).toBe(2)
    expect(() => lstatSync(join(sb.home, 'elsewhere.json'))).toThrow()
    expect(statuses()).not.toContain('run_finished:planned')
  })

  it('a directory', () => {
    const dir = join(sb.home, 'plans')
    mkdirSync(dir)
    const r = plan(dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--out ${dir} is a directory`)
    expect(r.stderr).toContain(`--out ${join(dir, 'plan.json')}`)
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('plan --out saves the plan', () => {
  it('in an existing directory: 0600, the same plan as stdout, planned in the audit, no temp file left', () => {
    const dir = join(sb.home, 'plans')
    mkdirSync(dir)
    const out = join(dir, 'plan.json')
    const r = plan(out, '--json')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`Plan saved to ${out}`)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(r.stdout))
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['plan.json'])
    const kinds = statuses()
    expect(kinds.indexOf('plan_created')).toBeLessThan(kinds.indexOf('run_finished:planned'))
    expect(sb.run(['policy', 'check', out, '--json']).code).toBe(0)
  })

  it('replaces an existing regular file whole, with mode 0600, and a relative path works', () => {
    const out = join(sb.home, 'plan.json')
    writeFileSync(out, 'old', { mode: 0o644 })
    expect(plan('plan.json').code).toBe(0) // the sandbox runs in its home directory
    expect(JSON.parse(readFileSync(out, 'utf8')).format_version).toBe(1)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(lstatSync(out).isFile()).toBe(true)
  })
})

describe('the safe write helper', () => {
  it('writes atomically with the mode asked for, whatever was there', () => {
    const file = join(sb.home, 'f.json')
    writeFileAtomic(file, 'one')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    writeFileSync(file, 'x', { mode: 0o666 })
    writeFileAtomic(file, 'two', 0o640)
    expect(readFileSync(file, 'utf8')).toBe('two')
    expect(statSync(file).mode & 0o777).toBe(0o640)
    expect(readdirSync(sb.home).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('refuses what checkWritableFile refuses, and accepts a new or regular file', () => {
    expect(() => checkWritableFile(join(sb.home, 'new.json'), '--out')).not.toThrow()
    writeFileSync(join(sb.home, 'old.json'), '')
    expect(() => checkWritableFile(join(sb.home, 'old.json'), '--out')).not.toThrow()
    expect(() => checkWritableFile(join(sb.home, 'missing', 'x.json'), '--out')).toThrow(/does not exist/)
    expect(() => checkWritableFile(join(sb.home, 'old.json', 'x.json'), '--out')).toThrow(/is not a directory/)
    expect(() => checkWritableFile(sb.home, '--out')).toThrow(/is a directory/)
  })
})
