// An unknown command is a usage error (exit 2) that says the command as the user typed it and, when one is close,
// which command they meant. Never run the guess: the user decides.
import type { Hook } from '@oclif/core/hooks'
import { UsageError } from '../errors.js'
import { editDistance } from '../util/edit-distance.js'

const typed = (id: string) => id.replaceAll(':', ' ')

/**
 * The words of the id that name a command: a topic and its verb ("playbooks lst"), else one word. oclif joins every
 * word it was given into the id, so `aks "why is cpu high"` arrives as aks:why is cpu high.
 */
function commandWords(id: string, known: readonly string[]): string {
  const [first = '', second] = id.split(':')
  const topics = new Set(known.filter((k) => k.includes(':')).map((k) => k.split(':')[0]))
  return topics.has(first) && second !== undefined ? `${first}:${second}` : first
}

/** The known command closest to what was typed, if it is close enough to be a typo (or a known command's start). */
function closestCommand(id: string, known: readonly string[]): string | undefined {
  const scored = known
    .map((k) => ({ k, d: editDistance(typed(id), typed(k)) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
  const best = scored[0]
  if (!best) return undefined
  return best.d <= Math.max(1, Math.floor(typed(id).length / 3)) ? best.k : undefined
}

const hook: Hook<'command_not_found'> = async (opts) => {
  const known = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const id = commandWords(opts.id, known)
  // One word is compared with the first words (commands and topics), two with whole commands.
  const candidates = id.includes(':') ? known : [...new Set(known.map((k) => k.split(':')[0] as string))]
  const guess = closestCommand(id, candidates)
  const topic = id.split(':')[0] ?? ''
  const listing = opts.config.findTopic(topic) ? `cloudops ${topic} --help` : 'cloudops --help'
  throw new UsageError(`unknown command "${typed(id)}"`, {
    hint: `${guess ? `Did you mean \`cloudops ${typed(guess)}\`? ` : ''}Run \`${listing}\` for the list of commands.`,
  })
}

// public: oclif loads it (package.json oclif.hooks.command_not_found)
export default hook
