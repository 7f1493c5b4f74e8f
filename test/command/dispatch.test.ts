// Which command lines run one of our commands directly, and which are oclif's to answer: help, a plugin's command, a
// topic alone, a word nobody knows (its "did you mean" may name a plugin's command), and __complete.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JS build script, no types
import { commandFiles } from '../../scripts/bundle.js'
import { directConfig, namedCommand, runDirect } from '../../src/command/dispatch.js'

const from = new URL('../../bin/run.cjs', import.meta.url).href
const ids = ['ask', 'run', 'audit:verify', 'audit:tail', 'playbooks:list', '__complete']

describe('namedCommand', () => {
  it.each([
    [['ask', '--dry-run', 'which groups expose ssh'], 'ask', ['--dry-run', 'which groups expose ssh']],
    [['run', 'aws-diagnose', '--param', 'name=i-0abc'], 'run', ['aws-diagnose', '--param', 'name=i-0abc']],
    [['audit', 'verify'], 'audit:verify', []],
    [['audit:verify', '--json'], 'audit:verify', ['--json']],
    [['playbooks', 'list', '--json'], 'playbooks:list', ['--json']],
    // After `--`, --help is a word of the question.
    [['ask', '--', 'what does --help do'], 'ask', ['--', 'what does --help do']],
  ])('%j runs %s directly, with %j', (argv, id, rest) => {
    expect(namedCommand(argv, ids)).toEqual({ id, argv: rest })
  })

  it.each([
    [['ask', '--help']],
    [['audit', 'verify', '-h']],
    [['help', 'ask']],
    [['autocomplete', 'bash']],
    [['audit']],
    [['playbooks', 'lst']],
    [['frobnicate']],
    [['--dry-run', 'ask']],
    [['__complete', '--', 'a']],
    [[]],
  ])('%j is left to oclif', (argv) => {
    expect(namedCommand(argv, ids)).toBeUndefined()
  })
})

describe("namedCommand's premise", () => {
  it('no command id is the first words of another (else `audit verify` could run a command `audit`)', () => {
    const all: string[] = commandFiles().map((c: { id: string }) => c.id)
    expect(all.length).toBeGreaterThan(30)
    for (const id of all) expect(all.filter((other) => other.startsWith(`${id}:`))).toEqual([])
  })
})

describe('runDirect', () => {
  it("runs the named command with the rest of argv and the package's bin, version and root", async () => {
    const seen: unknown[] = []
    const commands = { 'audit:tail': { run: async (argv: string[], config: unknown) => seen.push(argv, config) } }
    const result = await runDirect(['audit', 'tail', '-n', '3'], from, commands)
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    expect(result).toEqual({ ran: true, result: 2 })
    expect(seen).toEqual([
      ['-n', '3'],
      {
        bin: 'cloudops',
        version: pkg.version,
        root: fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, ''),
      },
    ])
    expect((commands['audit:tail'] as { id?: string }).id).toBe('audit:tail')
  })

  it('runs nothing for a line oclif must answer', async () => {
    let ran = false
    const commands = { ask: { run: async () => (ran = true) } }
    expect(await runDirect(['ask', '--help'], from, commands)).toEqual({ ran: false })
    expect(ran).toBe(false)
  })

  it('reads the config from the package bin/run.cjs is in', () => {
    expect(directConfig(from).bin).toBe('cloudops')
  })
})
