// What oclif loads for a command line: the package without its plugins for one of our commands, everything for
// help, a plugin's command or a word nobody knows (whose "did you mean" may name a plugin's command).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { oclifOptions } from '../src/oclif-options.js'

const from = new URL('../bin/run.js', import.meta.url).href
const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const commands = ['ask', 'run', 'audit:verify', 'playbooks:list', '__complete']

describe('oclifOptions', () => {
  it.each([
    [['ask', '--dry-run', 'which groups expose ssh']],
    [['run', 'aws-diagnose', '--param', 'name=i-0abc']],
    [['audit', 'verify']],
    [['playbooks', 'list', '--json']],
  ])('%j: the package alone, its plugins left out and the rest of package.json as it is', (argv) => {
    const options = oclifOptions(argv, from, commands)
    expect(options).toEqual({ root, pjson: { ...pkg, oclif: { ...pkg.oclif, plugins: [] } } })
    // What is left out is what the package names: the test would pass vacuously on a package without plugins.
    expect(pkg.oclif.plugins.length).toBeGreaterThan(0)
  })

  it.each([
    [['ask', '--help']],
    [['audit', 'verify', '-h']],
    [['help', 'ask']],
    [['autocomplete', 'bash']],
    [['playbooks', 'lst']],
    [['frobnicate']],
    [['--dry-run', 'ask']],
    [['__complete', '--', 'a']],
    [[]],
  ])('%j: everything, as oclif finds it from bin/run.js', (argv) => {
    expect(oclifOptions(argv, from, commands)).toBe(from)
  })
})
