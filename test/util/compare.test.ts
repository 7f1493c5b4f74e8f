// byCodeUnits orders the names it is used on (the playbook schema's: a-z, 0-9, -) as localeCompare would.
import { describe, expect, it } from 'vitest'
import { byCodeUnits } from '../../src/util/compare.js'

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-'

/** Names the playbook schema allows, from a fixed seed so a failure can be run again. */
function names(n: number): string[] {
  let s = 11
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
  return Array.from({ length: n }, () => {
    const length = 2 + Math.floor(next() * 8)
    const first = alphabet[Math.floor(next() * 36)] as string
    return first + Array.from({ length: length - 1 }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
  })
}

describe('byCodeUnits', () => {
  it('sorts playbook names as localeCompare does', () => {
    const all = [...names(2000), 'aws-diagnose', 'aws-diagnose2', 'awsdiagnose', 'aws-', 'k8s-pods', 'k8s0']
    expect([...all].sort(byCodeUnits)).toEqual([...all].sort((a, b) => a.localeCompare(b)))
  })

  it('says -1, 0 or 1', () => {
    expect([byCodeUnits('a', 'b'), byCodeUnits('b', 'b'), byCodeUnits('c', 'b')]).toEqual([-1, 0, 1])
  })
})
