// Policy globs: the same answers as the obvious regex, without its backtracking.
import { describe, expect, it } from 'vitest'
import { globMatch, globMatcher } from '../../src/policy/glob.js'

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

  it('answers a 24-star pattern against a 44-character namespace at once (the regex took minutes)', () => {
    const pattern = `${'*a'.repeat(24)}*b`
    const value = 'a'.repeat(44)
    expect(globMatcher(pattern)(value)).toBe(false)
    expect(globMatcher(`${'*a'.repeat(24)}*`)(value)).toBe(true)
  })
})
