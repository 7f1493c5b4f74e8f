// One duration parser: a unit means the same thing wherever a duration is read.
import { describe, expect, it } from 'vitest'
import { sinceMs } from '../../src/actions/k8s/events-list.js'
import { durationHours } from '../../src/planner/params.js'
import { parseDuration } from '../../src/util/duration.js'

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
  ])('a plan ttl %s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it('m is minutes everywhere (it once meant months in the intent path)', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000)
    expect(sinceMs('30m')).toBe(30 * 60_000)
    expect(durationHours('30m')).toBeUndefined() // not an intent unit; months are "mo"
    expect(durationHours('3mo')).toBe(90 * 24)
    expect(durationHours('2w')).toBe(14 * 24)
    expect(durationHours('24h')).toBe(24)
  })

  it('refuses what a caller does not take, zero, and junk', () => {
    expect(parseDuration('2w')).toBeUndefined() // a plan ttl takes s, m, h, d
    expect(parseDuration('0h')).toBeUndefined()
    expect(parseDuration('1.5h')).toBeUndefined()
    expect(parseDuration('h')).toBeUndefined()
    expect(() => sinceMs('10s')).toThrowError(/invalid duration "10s"/)
  })
})
