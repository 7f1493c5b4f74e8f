// Every example in `--help` can be pasted as it is: it names a real command, only flags that command has (with a
// value where the flag takes one, one of its options where it has options), and no more arguments than it takes.
// The examples come from oclif.manifest.json, which the build writes from the command classes.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

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
const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')) as {
  commands: Record<string, ManifestCommand>
}

/** Shell words, quotes removed; a redirection (`> file`) or pipe ends the command. */
function words(line: string): string[] {
  const out: string[] = []
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    const w = m[1] ?? m[2] ?? m[3] ?? ''
    if (m[3] !== undefined && /^(>|\||2>|&&)/.test(w)) break
    out.push(w)
  }
  return out
}

/** What is wrong with one example, or nothing. */
function problem(example: string): string | undefined {
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

const examples = Object.entries(manifest.commands).flatMap(([id, c]) => (c.examples ?? []).map((e) => [id, e] as const))

describe('--help examples', () => {
  it('every command has at least one example', () => {
    const without = Object.entries(manifest.commands)
      .filter(([, c]) => !c.examples?.length)
      .map(([id]) => id)
    expect(without).toEqual([])
  })

  it.each(examples)('%s: %s', (_id, example) => {
    expect(problem(example)).toBeUndefined()
  })

  it('the checker itself refuses a wrong flag, a missing value, a wrong option and an extra argument', () => {
    expect(problem('<%= config.bin %> run aws-cost-breakdown --envv prod')).toBe('run: no flag --envv')
    expect(problem('<%= config.bin %> run aws-cost-breakdown --env')).toBe('run: --env needs a value')
    expect(problem('<%= config.bin %> run x --fail-on severe')).toMatch(/is not one of/)
    expect(problem('<%= config.bin %> run a b')).toBe('run: 2 arguments, takes 1')
    expect(problem('<%= config.bin %> frobnicate')).toBe('names no command')
  })
})
