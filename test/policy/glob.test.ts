// Policy globs: the same answers as the obvious regex, without its backtracking.
import { describe, expect, it } from 'vitest'
import { globMatch, globMatcher, isValidGlob, matchesAny } from '../../src/policy/glob.js'

/** The old implementation, as the reference for what a glob means (fine on short inputs). */
function reference(pattern: string, value: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.\\/+^$()[\]{}|-]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`).test(value)
}

describe('globMatch', () => {
  it.each([
    ['prod-*', 'prod-eu', true],
    ['prod-*', 'prod-', true],
    ['prod-*', 'staging', false],
    ['aws.ec?.describe_*', 'aws.ec2.describe_instances', true],
    ['*', '', true],
    ['?', '', false],
    ['namespace/kube-*', 'namespace/kube-system', true],
    ['*-system', 'namespace/kube-system', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbYd', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
  ])('%s against %s → %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected)
    expect(reference(pattern, value)).toBe(expected)
  })

  it('agrees with the regex reference on random short patterns and values', () => {
    const alphabet = ['a', 'b', '-', '*', '?']
    let seed = 7
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const word = (len: number, chars: string[]) => Array.from({ length: len }, () => chars[next(chars.length)]).join('')
    for (let i = 0; i < 5000; i++) {
      const pattern = word(1 + next(8), alphabet).replaceAll('**', '*')
      const value = word(next(10), ['a', 'b', '-'])
      expect(globMatch(pattern, value), `${pattern} ~ ${value}`).toBe(reference(pattern, value))
    }
  })

  it('past the end of the pattern, matches nothing more (the end is no wildcard)', () => {
    expect(globMatch('ab', 'abc')).toBe(false)
    expect(globMatch('a*b', 'abc')).toBe(false)
    expect(globMatch('a*b', 'ab')).toBe(true)
    expect(globMatch('', '')).toBe(true)
    expect(globMatch('', 'a')).toBe(false)
  })

  it('answers a 24-star pattern against a 44-character namespace at once (the regex took minutes)', () => {
    const pattern = `${'*a'.repeat(24)}*b`
    const value = 'a'.repeat(44)
    expect(globMatcher(pattern)(value)).toBe(false)
    expect(globMatcher(`${'*a'.repeat(24)}*`)(value)).toBe(true)
  })
})

describe('globMatcher and matchesAny', () => {
  it.each(['a[b]', 'aws.(ec2|s3).*', 'a b', '**', 'a**b', ''])('refuses the invalid glob %j, naming it', (pattern) => {
    expect(isValidGlob(pattern)).toBe(false)
    expect(() => globMatcher(pattern)).toThrow(`invalid glob "${pattern}"`)
  })

  it.each(['namespace/kube-*', 'aws.ec2.describe_?', 'arn:aws:iam::*', 'user@host', 'A_Z-09'])(
    'accepts the glob %j',
    (pattern) => {
      expect(isValidGlob(pattern)).toBe(true)
      expect(() => globMatcher(pattern)).not.toThrow()
    },
  )

  it('matches when any one pattern does, and refuses an invalid one', () => {
    expect(matchesAny(['prod', 'staging-*'], 'staging-eu')).toBe(true)
    expect(matchesAny(['prod', 'staging-*'], 'dev')).toBe(false)
    expect(matchesAny([], 'dev')).toBe(false)
    expect(() => matchesAny(['a[b]'], 'a')).toThrow('invalid glob "a[b]"')
  })
})
