// A user's playbook folder: one bad file never stops the shipped playbooks (it is skipped with one line naming the
// file and the fix); a file that takes a shipped name is reported by `playbooks validate`, and works once it says
// `overrides: true` or is renamed. The README's way to start one (`show -o yaml` into the folder) works.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cliSandbox, type Sandbox } from '../support/cli.js'

let sb: Sandbox
let dir: string
beforeEach(() => {
  sb = cliSandbox()
  dir = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'playbooks')
  mkdirSync(dir, { recursive: true })
})
afterEach(() => sb.cleanup())

const dryRun = () =>
  sb.run(['ask', '--dry-run', '--provider', 'offline', 'which security groups expose SSH to the internet in prod'])

describe('a bad file in the user playbook folder', () => {
  it.each([
    ['a file that is not a playbook', 'hello: world\n'],
    ['a YAML error', 'metadata: [\n'],
  ])('%s: list, run and ask still work, each saying once which file was skipped and how to fix it', (_what, text) => {
    const file = join(dir, 'mine.yaml')
    writeFileSync(file, text)
    const list = sb.run(['playbooks', 'list'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/^aws-unattached-volumes /m)
    expect(list.stderr.match(/skipped playbook/g)).toHaveLength(1)
    expect(list.stderr).toContain(`skipped playbook ${file}: `)
    expect(list.stderr).toContain(`fix it (\`cloudops playbooks validate ${file}\`) or move it aside`)
    const ask = dryRun()
    expect(ask.code).toBe(0)
    expect(ask.stdout).toContain('aws-security-group-exposure')
    expect(ask.stderr).toContain('skipped playbook')
    expect(sb.run(['run', 'aws-cost-breakdown', '--dry-run']).code).toBe(0)
    // --quiet leaves the notice out; validate names the file and fails.
    expect(sb.run(['playbooks', 'list', '--quiet']).stderr).toBe('')
    expect(sb.run(['playbooks', 'validate', file]).code).toBe(2)
  })
})

describe('an empty file in the user playbook folder', () => {
  it('defines nothing and is passed over without a notice (the shell makes it first for `show NAME -o yaml > it`)', () => {
    const file = join(dir, 'mine.yaml')
    writeFileSync(file, '')
    const list = sb.run(['playbooks', 'list'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/^aws-unattached-volumes /m)
    expect(list.stderr).toBe('')
    // What the docs say to do: the shell truncates mine.yaml before show runs, and show says nothing of it.
    const shown = sb.run(['playbooks', 'show', 'aws-unattached-volumes', '-o', 'yaml'])
    expect(shown.stderr).toBe('')
    expect(dryRun().code).toBe(0)
    // Asked about it by name, validate still says what is wrong with it.
    const v = sb.run(['playbooks', 'validate', file])
    expect(v.code).toBe(2)
    expect(v.stdout).toContain(file)
  })
})

describe('a user playbook with a shipped name', () => {
  const start = () => {
    const printed = sb.run(['playbooks', 'show', 'aws-unattached-volumes', '-o', 'yaml'])
    expect(printed.code).toBe(0)
    return printed.stdout
  }

  it('validate reports the clash; list skips it and keeps the shipped one', () => {
    const file = join(dir, 'volumes.yaml')
    writeFileSync(file, start())
    const v = sb.run(['playbooks', 'validate', file])
    expect(v.code).toBe(2)
    expect(v.stdout).toMatch(
      /its name "aws-unattached-volumes" is taken by .*playbooks\/aws\/aws-unattached-volumes\.yaml/,
    )
    expect(sb.run(['playbooks', 'validate']).code).toBe(2)
    const list = JSON.parse(sb.run(['playbooks', 'list', '--json']).stdout) as { name: string; origin: string }[]
    expect(list.find((p) => p.name === 'aws-unattached-volumes')?.origin).toBe('shipped')
  })

  it('renamed, it validates and runs beside the shipped one; with overrides: true it replaces it', () => {
    const renamed = join(dir, 'my-volumes.yaml')
    writeFileSync(renamed, start().replace('name: aws-unattached-volumes', 'name: my-volumes'))
    expect(sb.run(['playbooks', 'validate', renamed]).code).toBe(0)
    expect(sb.run(['playbooks', 'validate']).code).toBe(0)
    const names = (JSON.parse(sb.run(['playbooks', 'list', '--json']).stdout) as { name: string }[]).map((p) => p.name)
    expect(names).toEqual(expect.arrayContaining(['my-volumes', 'aws-unattached-volumes']))
    expect(sb.run(['run', 'my-volumes', '--dry-run']).code).toBe(0)

    const replacing = join(dir, 'volumes.yaml')
    writeFileSync(replacing, `overrides: true\n${start()}`)
    expect(sb.run(['playbooks', 'validate', replacing]).code).toBe(0)
    const list = JSON.parse(sb.run(['playbooks', 'list', '--json']).stdout) as {
      name: string
      origin: string
      file: string
    }[]
    expect(list.find((p) => p.name === 'aws-unattached-volumes')).toMatchObject({ origin: 'user', file: replacing })
    expect(readFileSync(replacing, 'utf8')).toContain('overrides: true')
  })
})
