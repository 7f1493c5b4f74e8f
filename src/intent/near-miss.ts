// Environment names a question nearly spells: "pods in sandbx" must be refused with "did you mean sandbox?", never
// run against `default` (which may well be production). Conservative on purpose: only words in an environment
// position are looked at, short names only match a swap of two letters, and ordinary words never count.
import { editDistance } from '../util/edit-distance.js'
import { scopeWords } from './vocabulary.js'

/** The standard scopes a question can name without any config ("default" is never typed as a place). */
const standardNames = ['prod', 'staging', 'dev']

/**
 * Synonyms long enough that a typo of them is not some other English word ("live", "stage", "stg" are not:
 * "line", "state", "sty"...). "develop" is left out: "developer(s)" is two edits away.
 */
const typoSynonyms = Object.values(scopeWords)
  .flat()
  .filter((w) => w.length >= 6 && w !== 'develop')

const sorted = (s: string) => [...s].sort().join('')

/** Whether `word` is a plausible typo of `name`: by the name's length, 1 edit (4-5 letters) or 2 (6+); a swap
 * of two letters for 3-letter names; nothing for shorter ones. */
function isTypoOf(word: string, name: string): number | undefined {
  if (word === name || word.length < 3 || name.length < 3) return undefined
  const distance = editDistance(word, name)
  if (name.length === 3) return distance === 1 && sorted(word) === sorted(name) ? distance : undefined
  return distance <= (name.length <= 5 ? 1 : 2) ? distance : undefined
}

/** Every name a question may use for an environment, exactly: configured ones, standard ones and their synonyms. */
function isEnvironmentWord(word: string, environments: readonly string[]): boolean {
  const w = word.toLowerCase()
  return (
    environments.some((e) => e.toLowerCase() === w) ||
    standardNames.includes(w) ||
    w === 'default' ||
    Object.values(scopeWords).some((words) => words.includes(w))
  )
}

/**
 * The environment name `word` nearly spells, as the user would type it, or undefined when it spells one exactly or
 * none closely. Configured names win ties, then standard ones.
 */
export function closestEnvironment(word: string, environments: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  if (isEnvironmentWord(w, environments)) return undefined
  const names = [...new Set([...environments.map((e) => e.toLowerCase()), ...standardNames, ...typoSynonyms])]
  let best: { name: string; distance: number } | undefined
  for (const name of names) {
    const distance = isTypoOf(w, name)
    if (distance !== undefined && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

/**
 * For a scope the gate refuses (an LLM's or the offline parser's): the configured or standard name to suggest. A
 * synonym ("production") suggests its scope ("prod"); a typo suggests what it nearly spells.
 */
export function suggestEnvironment(scope: string, environments: readonly string[]): string | undefined {
  const s = scope.toLowerCase()
  for (const [name, words] of Object.entries(scopeWords)) if (words.includes(s) && s !== name) return name
  return closestEnvironment(s, environments)
}

// "in payment namespace" names a namespace, not an environment: a word followed by namespace/ns is never looked at.
const beforeName =
  /(?:^|\s)(?:in|on|for|from|across|against|inside|within|at)\s+(?:the\s+|our\s+|my\s+)?([a-z0-9][a-z0-9_-]*)(?!\s+(?:namespace|ns)\b)(?![a-z0-9_-])/g
const afterName =
  /(?:^|\s)([a-z0-9][a-z0-9_-]*)\s+(?:env|envs|environment|environments|cluster|clusters|account|accounts)\b/g

/** Words of a normalized question that stand where an environment's name would: "in X", "on the X", "X cluster". */
function environmentPositionWords(text: string): string[] {
  const words = [...text.matchAll(beforeName), ...text.matchAll(afterName)].map((m) => m[1] as string)
  return [...new Set(words)].filter((w) => /^[a-z][a-z0-9_-]{2,62}$/.test(w) && !w.endsWith('-'))
}

/**
 * The first word in an environment position that is not an environment name but nearly spells one, with the name
 * to suggest. `ordinary` lists words that are never a typo (resource words, playbook keywords, common words).
 */
export function nearMissEnvironment(
  text: string,
  environments: readonly string[],
  ordinary: ReadonlySet<string>,
): { word: string; suggestion: string } | undefined {
  for (const word of environmentPositionWords(text)) {
    const singular = [word, word.replace(/s$/, ''), word.replace(/es$/, '')]
    if (singular.some((w) => ordinary.has(w))) continue
    const suggestion = closestEnvironment(word, environments)
    if (suggestion) return { word, suggestion }
  }
  return undefined
}
