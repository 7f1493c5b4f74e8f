// A playbook param's `pattern` comes from a file a user wrote, and the value from the command line. It is compiled
// and matched by RE2 (re2js: linear time, no backtracking), never by RegExp, so no pattern can hang a command.
// Loaded only when a playbook declares a pattern.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** A compiled pattern: whether a value contains a match, as RegExp.test would say, in time linear in the value. */
export type PatternTest = (value: string) => boolean

// By pattern text: a pattern is compiled once however many playbooks, params and values use it.
const compiled = new Map<string, PatternTest | Error>()

/** The pattern compiled, or why it cannot be used (RE2 syntax: no backreferences or lookaround). */
export function compilePattern(pattern: string): PatternTest | Error {
  let re = compiled.get(pattern)
  if (!re) {
    const { RE2JS } = require('re2js') as typeof import('re2js')
    try {
      const engine = RE2JS.compile(pattern)
      re = (value: string) => engine.matcher(value).find()
    } catch (err) {
      re = new Error(`invalid pattern ${JSON.stringify(pattern)}: ${(err as Error).message}`)
    }
    compiled.set(pattern, re)
  }
  return re
}

/** Why the pattern cannot be used, or undefined. */
export function patternProblem(pattern: string): string | undefined {
  const re = compilePattern(pattern)
  return re instanceof Error ? re.message : undefined
}
