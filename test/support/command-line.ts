// Whether a cloudops command line as written in the docs or in --help can be pasted: it names a real command, only
// flags that command has (with a value where the flag takes one, one of its options where it has options), and no
// more arguments than it takes. Read from oclif.manifest.json, which the build writes from the command classes.
import { readFileSync } from 'node:fs'

interface ManifestFlag {
  char?: string
  type: 'boolean' | 'option'
  options?: string[]
}
interface ManifestCommand {
  examples?: string[]
  flags: Record<string, ManifestFlag>
  args: Record<string, unknown>
  /** false: any number of arguments (playbooks validate PATH...). */
  strict?: boolean
  exitCodes?: number[]
  /** Examples the examples test cannot run as written, each with why (test/integration/examples.test.ts). */
  examplesNotRun?: Record<string, string>
  description?: string
}
export const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {
  commands: Record<string, ManifestCommand>
}

/** Shell words, quotes removed; a redirection (`> file`), a pipe or a comment ends the command. */
function words(line: string): string[] {
  const out: string[] = []
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    const w = m[1] ?? m[2] ?? m[3] ?? ''
    if (m[3] !== undefined && /^(>|\||2>|&&|#)/.test(w)) break
    out.push(w)
  }
  return out
}

/** What is wrong with one example, or nothing. */
export function problem(example: string): string | undefined {
  const [bin, ...rest] = words(example.replaceAll('<%= config.bin %>', 'cloudops'))
  if (bin !== 'cloudops') return 'does not start with cloudops'
  const id = commandOf(rest) ?? ''
  const used = id.split(':').length
  const command = manifest.commands[id]
  if (!command) return 'names no command'
  const flags = command.flags
  const byChar = Object.fromEntries(Object.entries(flags).flatMap(([n, f]) => (f.char ? [[f.char, n]] : [])))
  const args: string[] = []
  const tokens = rest.slice(used)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string
    if (t === '--') {
      args.push(...tokens.slice(i + 1))
      break
    }
    if (!t.startsWith('-')) {
      args.push(t)
      continue
    }
    const [rawName, inline] = t.split('=', 2)
    const name = rawName?.startsWith('--') ? rawName.slice(2) : byChar[rawName?.slice(1) ?? '']
    const flag = name ? flags[name] : undefined
    if (!flag) return `${id}: no flag ${t}`
    if (flag.type === 'option') {
      const value = inline ?? tokens[++i]
      if (value === undefined) return `${id}: ${t} needs a value`
      if (flag.options && !flag.options.includes(value)) return `${id}: ${t} ${value} is not one of ${flag.options}`
    }
  }
  if (command.strict !== false && args.length > Object.keys(command.args).length)
    return `${id}: ${args.length} arguments, takes ${Object.keys(command.args).length}`
  return undefined
}

/** The command a line of arguments runs: the longest run of leading words that names one. */
export function commandOf(argv: string[]): string | undefined {
  const firstFlag = argv.findIndex((a) => a.startsWith('-'))
  const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag)
  for (let n = words.length; n > 0; n--) {
    const id = words.slice(0, n).join(':')
    if (manifest.commands[id]) return id
  }
  return undefined
}

/** Fails when a command ends with an exit code it does not declare (the docs' exit-code table comes from these). */
export function assertDeclaredExit(argv: string[], code: number): void {
  const id = commandOf(argv)
  const declared = id ? manifest.commands[id]?.exitCodes : undefined
  if (code < 0 || !declared || declared.includes(code)) return
  throw new Error(`cloudops ${id} exited ${code}, which it does not declare in exitCodes (${declared.join(', ')})`)
}
