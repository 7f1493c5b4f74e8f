// Globs for policy rules: `*` (any run of characters) and `?` (one character), anchored, case-sensitive.
// Matched by a two-pointer walk, never a regular expression: a policy file can inject nothing, and the time is
// at most pattern length × value length, whatever the number of stars (a regex backtracks exponentially).
const allowed = /^[A-Za-z0-9_.:/@*?-]+$/

export function isValidGlob(pattern: string): boolean {
  return allowed.test(pattern) && !pattern.includes('**')
}

export function globMatch(pattern: string, value: string): boolean {
  let p = 0
  let v = 0
  let star = -1 // pattern index just after the last `*` seen
  let resume = 0 // value index that `*` is currently standing in up to
  while (v < value.length) {
    const c = pattern[p]
    if (c === '*') {
      star = ++p
      resume = v
    } else if (c === '?' || c === value[v]) {
      p++
      v++
    } else if (star >= 0) {
      p = star
      v = ++resume
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

export function globMatcher(pattern: string): (value: string) => boolean {
  if (!isValidGlob(pattern)) throw new Error(`invalid glob "${pattern}"`)
  return (value) => globMatch(pattern, value)
}

export function matchesAny(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => globMatcher(p)(value))
}
