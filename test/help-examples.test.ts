// Every example in `--help` can be pasted as it is (see support/command-line.ts for what that checks).
import { describe, expect, it } from 'vitest'
import { manifest, problem } from './support/command-line.js'

const examples = Object.entries(manifest.commands).flatMap(([id, c]) => (c.examples ?? []).map((e) => [id, e] as const))

describe('--help examples', () => {
  it('every command has at least one example', () => {
    const without = Object.entries(manifest.commands)
      .filter(([, c]) => !c.examples?.length)
      .map(([id]) => id)
    expect(without).toEqual([])
  })

  it.each(examples)('%s: %s', (_id, example) => {
    expect(problem(example)).toBeUndefined()
  })

  it('the checker itself refuses a wrong flag, a missing value, a wrong option and an extra argument', () => {
    expect(problem('<%= config.bin %> run aws-cost-breakdown --envv prod')).toBe('run: no flag --envv')
    expect(problem('<%= config.bin %> run aws-cost-breakdown --env')).toBe('run: --env needs a value')
    expect(problem('<%= config.bin %> run x --fail-on severe')).toMatch(/is not one of/)
    expect(problem('<%= config.bin %> run a b')).toBe('run: 2 arguments, takes 1')
    expect(problem('<%= config.bin %> frobnicate')).toBe('names no command')
  })
})
