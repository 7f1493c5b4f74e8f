// Our flag and arg builders make what oclif's make: the same definition, field for field, and the same parse.
import * as OclifArgs from '@oclif/core/args'
import * as OclifFlags from '@oclif/core/flags'
import { describe, expect, it } from 'vitest'
import * as Args from '../../src/command/arg-kinds.js'
import * as Flags from '../../src/command/flag-kinds.js'

/** A definition with each function replaced by its kind, so two can be compared. */
const shape = (def: object) =>
  Object.fromEntries(Object.entries(def).map(([k, v]) => [k, typeof v === 'function' ? 'function' : v]))

const options = [
  {},
  { char: 'e', description: 'Environment.', env: 'CLOUDOPS_ENV', helpGroup: 'TARGET' },
  { multiple: true, required: true },
  { default: 20, min: 1, exclusive: ['quiet'] },
] as const

describe('flag kinds', () => {
  it.each(options)('boolean, string and integer of %j are oclif’s', (o) => {
    expect(shape(Flags.boolean(o as never))).toEqual(shape(OclifFlags.boolean(o as never)))
    expect(shape(Flags.string(o as never))).toEqual(shape(OclifFlags.string(o as never)))
    expect(shape(Flags.integer(o as never))).toEqual(shape(OclifFlags.integer(o as never)))
  })

  it('an option of a list is oclif’s', () => {
    const o = { options: ['json', 'table'] as const, description: 'Output format.', char: 'o' as const }
    expect(shape(Flags.option(o)())).toEqual(shape(OclifFlags.option(o)()))
    expect(shape(Flags.option(o)({ multiple: true }))).toEqual(shape(OclifFlags.option(o)({ multiple: true })))
  })

  it.each(['7', '-3', '1', '0', 'abc', '2.5', '101'])('integer parses %s as oclif’s does', async (input) => {
    const opts = { min: 1, max: 100 }
    const settle = (p: Promise<unknown>) =>
      p.then(
        (v) => ({ value: v }),
        (e: Error & { oclif?: { exit: number } }) => ({ error: e.message, exit: e.oclif?.exit }),
      )
    const ours = await settle(Flags.integer(opts).parse(input, {} as never, opts as never))
    const theirs = await settle(OclifFlags.integer(opts).parse(input, {} as never, opts as never))
    expect(ours).toEqual(theirs)
  })

  it.each(options)('a string arg of %j is oclif’s', (o) => {
    expect(shape(Args.string(o as never))).toEqual(shape(OclifArgs.string(o as never)))
  })

  it('parses values as given, as oclif’s do', async () => {
    expect(await Flags.string().parse('a b', {} as never, {} as never)).toBe('a b')
    expect(await Flags.boolean().parse(true, {} as never, {} as never)).toBe(true)
    expect(await Args.string().parse('i-0abc', {} as never, {} as never)).toBe('i-0abc')
  })
})
