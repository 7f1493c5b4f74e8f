// What the shell may complete after the words typed so far: commands and topics, a command's flags, the values of
// an option flag, and the names only cloudops knows (playbooks, environments). Pure: the caller passes the names.

export interface CompletableCommand {
  id: string
  flags: Record<string, { char?: string; type: 'boolean' | 'option'; options?: readonly string[] }>
  /** Names of its positional arguments, in order. */
  args: string[]
}

interface Names {
  playbooks(): string[]
  environments(): string[]
}

/** Positional arguments (and flags) that take a playbook or an environment name. */
const playbookArgs = new Set(['run:playbook', 'playbooks:show:name'])
const playbookFlags = new Set(['playbook'])
const environmentFlags = new Set(['env'])

/** The command the words name, and how many words that took. */
function commandOf(words: string[], commands: CompletableCommand[]): [CompletableCommand | undefined, number] {
  for (let n = words.length; n > 0; n--) {
    const found = commands.find((c) => c.id === words.slice(0, n).join(':'))
    if (found) return [found, n]
  }
  return [undefined, 0]
}

/** The flag a word names (`--env`, `-e`), if it is one of the command's. */
function flagOf(word: string | undefined, command: CompletableCommand): string | undefined {
  if (!word?.startsWith('-')) return undefined
  if (word.startsWith('--')) return Object.hasOwn(command.flags, word.slice(2)) ? word.slice(2) : undefined
  return Object.entries(command.flags).find(([, f]) => f.char === word.slice(1))?.[0]
}

function valuesOf(flag: string, command: CompletableCommand, names: Names): string[] {
  if (environmentFlags.has(flag)) return names.environments()
  if (playbookFlags.has(flag)) return names.playbooks()
  return [...(command.flags[flag]?.options ?? [])]
}

/** `words` are the words after `cloudops`, the last one the word being completed (maybe empty). */
export function completions(words: string[], commands: CompletableCommand[], names: Names): string[] {
  const current = words.at(-1) ?? ''
  const before = words.slice(0, -1)
  const [command, used] = commandOf(before, commands)
  const starts = (xs: string[]) => [...new Set(xs)].filter((x) => x.startsWith(current)).sort()
  if (!command) {
    // The next word of a command id: a topic ("playbooks") or a command ("ask", "list" after "playbooks").
    const prefix = before.join(':')
    const next = commands
      .filter((c) => prefix === '' || c.id.startsWith(`${prefix}:`))
      .map((c) => c.id.split(':')[before.length])
      .filter((w): w is string => w !== undefined)
    return starts(next)
  }
  const previous = flagOf(before.at(-1), command)
  if (previous && command.flags[previous]?.type === 'option') return starts(valuesOf(previous, command, names))
  if (current.startsWith('-')) return starts(Object.keys(command.flags).map((f) => `--${f}`))
  // Positionals given so far: the words after the command that are neither flags nor an option flag's value.
  let given = 0
  const rest = before.slice(used)
  for (let i = 0; i < rest.length; i++) {
    const flag = flagOf(rest[i], command)
    if (flag) i += command.flags[flag]?.type === 'option' ? 1 : 0
    else if (!rest[i]?.startsWith('-')) given++
  }
  const arg = command.args[given]
  return arg && playbookArgs.has(`${command.id}:${arg}`) ? starts(names.playbooks()) : []
}
