// A playbook param's `pattern` comes from a file a user wrote, and the value from the command line. It is compiled
// and matched by RE2 (re2js: linear time, no backtracking), never by RegExp, so no pattern can hang a command.
// Loaded only when a playbook declares a pattern.
import { createRequire } from 'node:module'
import type { RE2JS } from 're2js'

const require = createRequire(import.meta.url)
const compiled = new Map<string, RE2JS | Error>()

function compile(pattern: string): RE2JS | Error {
  let re = compiled.get(pattern)
  if (!re) {
    const { RE2JS: Engine } = require('re2js') as typeof import('re2js')
    try {
      re = Engine.compile(pattern)
    } catch (err) {
      re = new Error(`invalid pattern ${JSON.stringify(pattern)}: ${(err as Error).message}`)
    }
    compiled.set(pattern, re)
  }
  return re
}

/** Why the pattern cannot be used (RE2 syntax: no backreferences or lookaround), or undefined. */
export function patternProblem(pattern: string): string | undefined {
  const re = compile(pattern)
  return re instanceof Error ? re.message : undefined
}

/** Whether the value contains a match, as RegExp.test would say, in time linear in the value. */
export function matchesPattern(pattern: string, value: string): boolean {
  const re = compile(pattern)
  if (re instanceof Error) throw re
  return re.matcher(value).find()
}
