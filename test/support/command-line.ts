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
  let id = ''
  let used = 0
  for (let n = rest.length; n > 0; n--) {
    const candidate = rest.slice(0, n).join(':')
    if (manifest.commands[candidate]) {
      id = candidate
      used = n
      break
    }
  }
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
