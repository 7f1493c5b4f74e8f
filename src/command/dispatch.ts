// Which of our commands a command line names, so that it runs without oclif: oclif's module graph and Config.load are
// ~20 ms of every start-up (bench/RESULTS.md), and a command needs neither to run. oclif still answers what only it
// can: help (which lists the plugins' commands too), the plugins' own commands, a topic alone, an unknown word (its
// command_not_found hook), and `__complete`, which reads oclif's list of every command.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CommandConfig } from './command.js'

/** A command as the bundle lists it (scripts/bundle.js): its run() loads the class and runs it. */
export interface RunnableCommand {
  id?: string
  run(argv: string[], config: CommandConfig): Promise<unknown>
}

/** Our commands that read oclif's list of every command (TAB completion offers the plugins' too). */
const needsOclif = new Set(['__complete'])

/**
 * The command argv names and the argv after its words, as oclif's spaced topics read it (`audit verify …` and the
 * typed id `audit:verify …`); undefined when oclif must answer (see above). No id of ours is the start of another.
 */
export function namedCommand(
  argv: readonly string[],
  ids: readonly string[],
): { id: string; argv: string[] } | undefined {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length
  if (argv.slice(0, end).some((a) => a === '--help' || a === '-h')) return undefined
  const [first = '', second] = argv
  const id = ids.includes(first)
    ? first
    : second !== undefined && ids.includes(`${first}:${second}`)
      ? `${first}:${second}`
      : undefined
  if (id === undefined || needsOclif.has(id)) return undefined
  return { id, argv: argv.slice(id === first ? 1 : 2) }
}

/** The fields of oclif's Config a command reads, for the package `from` (bin/run.cjs's URL) is in. */
export function directConfig(from: string): CommandConfig {
  const root = dirname(dirname(fileURLToPath(from)))
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string
    oclif: { bin: string }
  }
  return { root, bin: pjson.oclif.bin, version: pjson.version }
}

/** Runs the command argv names without oclif, if it is one of ours that can be; false when oclif must. */
export async function runDirect(
  argv: readonly string[],
  from: string,
  commands: Readonly<Record<string, RunnableCommand>>,
): Promise<{ ran: true; result: unknown } | { ran: false }> {
  const named = namedCommand(argv, Object.keys(commands))
  const command = named && commands[named.id]
  if (!named || !command) return { ran: false }
  // What oclif sets on a command it found, before it runs it.
  command.id = named.id
  return { ran: true, result: await command.run(named.argv, directConfig(from)) }
}
