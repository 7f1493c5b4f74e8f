// How oclif is to load itself for one command line: the whole of it (plugins too), or, for one of our own
// commands, the package alone. The plugins (help, autocomplete) only add commands of their own, and loading them
// costs every other command a few ms of module resolution and file reads (bench/RESULTS.md).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as Interfaces from '@oclif/core/interfaces'

/** Our commands that read oclif's list of every command (TAB completion offers the plugins' too). */
const listsEveryCommand = new Set(['__complete'])

/**
 * `from` (bin/run.js's URL: oclif finds the package from it and loads everything) unless argv names one of
 * `commands` (the bundle's ids) and asks for no help; then the package's own root and package.json without plugins.
 */
export function oclifOptions(
  argv: readonly string[],
  from: string,
  commands: readonly string[],
): string | Interfaces.Options {
  if (!namesOurs(argv, commands) || asksForHelp(argv)) return from
  const root = dirname(dirname(fileURLToPath(from)))
  const pjson: Interfaces.PJSON = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return { root, pjson: { ...pjson, oclif: { ...pjson.oclif, plugins: [] } } }
}

/** Whether the words argv starts with (before any flag) name one of `commands`, as `audit verify` → audit:verify. */
function namesOurs(argv: readonly string[], commands: readonly string[]): boolean {
  const firstFlag = argv.findIndex((a) => a.startsWith('-'))
  const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag)
  return words.some((_, i) => {
    const id = words.slice(0, i + 1).join(':')
    return commands.includes(id) && !listsEveryCommand.has(id)
  })
}

/** Help lists the plugins' commands too: it gets oclif's whole load. */
function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h')
}
