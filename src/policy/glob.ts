// Globs for policy rules: `*` (any run of characters) and `?` (one character), anchored, case-sensitive.
// Built from escaped literal characters only, so a policy file can never inject a regular expression.
const allowed = /^[A-Za-z0-9_.:/@*?-]+$/

export function isValidGlob(pattern: string): boolean {
  return allowed.test(pattern) && !pattern.includes('**')
}

export function globMatcher(pattern: string): (value: string) => boolean {
  if (!isValidGlob(pattern)) throw new Error(`invalid glob "${pattern}"`)
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.\\/+^$()[\]{}|-]/g, '\\$&')))
    .join('')
  const re = new RegExp(`^${source}$`)
  return (value) => re.test(value)
}

export function matchesAny(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => globMatcher(p)(value))
}
