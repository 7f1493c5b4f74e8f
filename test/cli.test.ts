// The built CLI as a user runs it: help, version, exit codes and the error shapes of CONTRACTS.md.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cliSandbox } from './support/cli.js'

const sandbox = cliSandbox()
afterAll(() => sandbox.cleanup())
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

describe('cloudops (built bin/run.cjs)', () => {
  it('--help lists every command of the contracts', () => {
    const r = sandbox.run(['--help'])
    expect(r.code).toBe(0)
    for (const name of [
      'ask',
      'intent',
      'plan',
      'apply',
      'run',
      'playbooks',
      'actions',
      'policy',
      'audit',
      'config',
      'doctor',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'))
    }
  })

  it('the pre-rendered root help is exactly what oclif prints, for --help, -h and help', () => {
    const oclif = sandbox.run(['--help'], { env: { CLOUDOPS_NO_FAST_PATH: '1', COLUMNS: '80' } })
    expect(oclif.code).toBe(0)
    for (const args of [['--help'], ['-h'], ['help']]) {
      const fast = sandbox.run(args)
      expect(fast.code).toBe(0)
      expect(fast.stdout).toBe(oclif.stdout)
    }
  })

  // Every command's and topic's help, pre-rendered by the build, printed by bin/run.cjs without oclif.
  const helpIds = Object.keys(JSON.parse(readFileSync(new URL('../dist/help.json', import.meta.url), 'utf8')))
  it('pre-renders the help of every visible command and topic', () => {
    const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'))
    const visible = Object.values(manifest.commands as Record<string, { id: string; hidden?: boolean }>)
      .filter((c) => !c.hidden)
      .map((c) => c.id)
    expect(helpIds).toEqual(expect.arrayContaining([...visible, 'audit', 'policy']))
  })

  it.each(helpIds)('the pre-rendered help of %s is exactly what oclif prints', (id) => {
    const words = id.split(':')
    const oclif = sandbox.run([...words, '--help'], { env: { CLOUDOPS_NO_FAST_PATH: '1' } })
    expect(oclif.code).toBe(0)
    const fast = sandbox.run([...words, '--help'])
    expect(fast.code).toBe(0)
    expect(fast.stdout).toBe(oclif.stdout)
  })

  it('--version prints the same line as oclif would', () => {
    const r = sandbox.run(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`cloudops/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
  })

  it('an unknown flag exits 2 with one line on stderr and nothing on stdout', () => {
    const r = sandbox.run(['config', 'path', '--bogus'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^Error: .*--bogus.* — Run `cloudops config path --help`/)
  })

  it('an unknown flag with --json prints the contract error shape on stdout', () => {
    const r = sandbox.run(['config', 'path', '--bogus', '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 2, message: expect.stringContaining('--bogus'), hint: expect.any(String) },
    })
    expect(r.stderr).toBe('')
  })

  it('an unknown command exits 2, in the words the user typed, and names the command meant when one is close', () => {
    const far = sandbox.run(['frobnicate'])
    expect(far.code).toBe(2)
    expect(far.stderr).toBe('Error: unknown command "frobnicate" — Run `cloudops --help` for the list of commands.\n')
    const typo = sandbox.run(['aks', 'why is cpu high'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('Did you mean `cloudops ask`?')
    // The words after a mistyped command are its arguments, not more of its name.
    expect(sandbox.run(['aks', 'hello', 'world']).stderr).toMatch(
      /^Error: unknown command "aks" — Did you mean `cloudops ask`\?/,
    )
    expect(sandbox.run(['plybooks', 'list']).stderr).toMatch(
      /unknown command "plybooks" — Did you mean `cloudops playbooks`\?/,
    )
    expect(sandbox.run(['playbooks', 'lst', 'extra']).stderr).toMatch(
      /unknown command "playbooks lst" — Did you mean `cloudops playbooks list`\?/,
    )
    const sub = sandbox.run(['playbooks', 'lst'])
    expect(sub.stderr).toBe(
      'Error: unknown command "playbooks lst" — Did you mean `cloudops playbooks list`? Run `cloudops playbooks --help` for the list of commands.\n',
    )
    // The command meant is never run for the user.
    expect(sub.stdout).toBe('')
    expect(sandbox.run(['playbooks', 'list']).code).toBe(0)
  })

  it("a plugin's command runs, and one of ours (which oclif loads without the plugins) beside it", () => {
    const plugin = sandbox.run(['autocomplete', 'bash'])
    expect(plugin.code, plugin.stderr).toBe(0)
    expect(plugin.stdout).toContain('cloudops autocomplete script bash')
    const ours = sandbox.run(['actions', 'list', '--json'])
    expect(ours.code, ours.stderr).toBe(0)
    expect(JSON.parse(ours.stdout).length).toBeGreaterThan(0)
  })

  it('bin/dev.js (README, Development) runs the sources without a build: a command, and an unknown one', () => {
    const dev = new URL('../bin/dev.js', import.meta.url).pathname
    const run = (args: string[]) => spawnSync(process.execPath, [dev, ...args], { env: sandbox.env, encoding: 'utf8' })
    const list = run(['playbooks', 'list', '--json'])
    expect(list.status, list.stderr).toBe(0)
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).toContain('aws-diagnose')
    const typo = run(['plybooks'])
    expect(typo.status).toBe(2)
    expect(typo.stderr).toMatch(/^Error: unknown command "plybooks" — Did you mean `cloudops playbooks`\?/)
  })

  it('a mistyped flag says which flag was meant; a far one only points to --help', () => {
    const near = sandbox.run(['run', 'aws-cost-breakdown', '--envv', 'prod'])
    expect(near.code).toBe(2)
    expect(near.stderr).toBe(
      'Error: Nonexistent flag: --envv — Did you mean --env? Run `cloudops run --help` for usage.\n',
    )
    const far = sandbox.run(['run', 'aws-cost-breakdown', '--frobnicate'])
    expect(far.stderr).toBe('Error: Nonexistent flag: --frobnicate — Run `cloudops run --help` for usage.\n')
  })

  it('a missing argument is named', () => {
    const r = sandbox.run(['run'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error: Missing 1 required arg: playbook — Playbook name/)
  })

  it('--json with another --output is a usage error; either alone works, and what is typed beats the environment', () => {
    const both = sandbox.run(['playbooks', 'list', '--json', '-o', 'table'])
    expect(both.code).toBe(2)
    expect(JSON.parse(both.stdout).error.message).toBe('--json and --output table ask for two different formats')
    expect(JSON.parse(sandbox.run(['playbooks', 'list', '--json', '-o', 'json']).stdout)).toBeInstanceOf(Array)
    const typed = sandbox.run(['playbooks', 'list', '-o', 'table'], { env: { CLOUDOPS_JSON: '1' } })
    expect(typed.stdout).toMatch(/^NAME\s+PROVIDER/)
  })

  it('a bad CLOUDOPS_OUTPUT names the variable, not a flag nobody typed; a good one is used', () => {
    const bad = sandbox.run(['playbooks', 'list'], { env: { CLOUDOPS_OUTPUT: 'xml' } })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(
      /^Error: CLOUDOPS_OUTPUT: Expected --output=xml to be one of: table, json, yaml, markdown — Fix or unset CLOUDOPS_OUTPUT\./,
    )
    const typed = sandbox.run(['playbooks', 'list', '-o', 'xml'])
    expect(typed.stderr).not.toContain('CLOUDOPS_OUTPUT')
    const good = sandbox.run(['playbooks', 'list'], { env: { CLOUDOPS_OUTPUT: 'json' } })
    expect(JSON.parse(good.stdout)).toBeInstanceOf(Array)
  })

  it('an unknown command with --json gives the error shape', () => {
    const r = sandbox.run(['frobnicate', '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe(2)
  })

  it('a missing required argument exits 2', () => {
    const r = sandbox.run(['config', 'set', 'llm.provider'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error: Missing 1 required arg/)
  })

  it('CLOUDOPS_JSON=1 turns on --json', () => {
    const r = sandbox.run(['config', 'path'], { env: { CLOUDOPS_JSON: '1' } })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).config).toBe(`${sandbox.env.XDG_CONFIG_HOME}/cloudops/config.yaml`)
  })

  it('--verbose adds the stack trace to an error; without it there is none', () => {
    const quiet = sandbox.run(['config', 'set', 'llm.min_confidence', '7'])
    expect(quiet.code).toBe(2)
    expect(quiet.stderr).not.toMatch(/\n\s+at /)
    const verbose = sandbox.run(['config', 'set', 'llm.min_confidence', '7', '--verbose'])
    expect(verbose.code).toBe(2)
    expect(verbose.stderr).toMatch(/\n\s+at /)
  })

  it('config path lists every file cloudops uses, in the table as in --json', () => {
    const table = sandbox.run(['config', 'path']).stdout
    const json = JSON.parse(sandbox.run(['config', 'path', '--json']).stdout)
    expect(Object.keys(json)).toEqual(['config', 'playbooks', 'policy', 'keys', 'audit_log', 'cache'])
    for (const [name, path] of Object.entries(json)) expect(table).toMatch(new RegExp(`^${name} +${path}$`, 'm'))
  })

  it("actions list shows each action's provider and risk", () => {
    const r = sandbox.run(['actions', 'list'])
    expect(r.stdout).toMatch(/^ID +PROVIDER +RISK +PARAMS +PERMISSIONS$/m)
    expect(r.stdout).toMatch(/^aws\.ec2\.describe_security_groups +aws +read /m)
    expect(r.stdout).toMatch(/^k8s\.pods\.list +kubernetes +read /m)
  })

  it('--output yaml renders the result as YAML', () => {
    const r = sandbox.run(['config', 'path', '--output', 'yaml'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^config: \//m)
  })
})
