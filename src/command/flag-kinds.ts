// The kinds of flag our commands declare (boolean, string, option, integer), built as oclif's own builders build
// them: the same plain definition objects, which oclif's parser, help and manifest read. Not oclif's module itself
// because loading it loads oclif's errors and help (~15 ms of every start-up, bench/RESULTS.md), and a command
// run directly (src/command/dispatch.ts) loads no oclif at all. test/command/flag-kinds.test.ts holds each builder
// to oclif's, definition for definition.
import type * as OclifFlags from '@oclif/core/flags'

type Definition = Record<string, unknown>

/** A value the flag's kind refuses, as oclif's builders refuse it: a usage error of oclif's (exit 2, the usage hint). */
function refused(message: string): Error {
  return Object.assign(new Error(message), { oclif: { exit: 2 } })
}

export const boolean: typeof OclifFlags.boolean = ((options: Definition = {}) => ({
  parse: async (b: boolean) => b,
  ...options,
  allowNo: Boolean(options.allowNo),
  type: 'boolean',
})) as unknown as typeof OclifFlags.boolean

/** A flag that takes a value; `defaults` are what its kind adds (its parse). */
function valueFlag(defaults: Definition = {}) {
  return (options: Definition = {}) => ({
    parse: async (input: string) => input,
    ...defaults,
    ...options,
    input: [],
    multiple: Boolean(options.multiple ?? defaults.multiple ?? false),
    type: 'option',
  })
}

export const string = valueFlag() as unknown as typeof OclifFlags.string

export const integer = valueFlag({
  async parse(input: string, _context: unknown, opts: { min?: number; max?: number }) {
    if (!/^-?\d+$/.test(input)) throw refused(`Expected an integer but received: ${input}`)
    const n = Number.parseInt(input, 10)
    if (opts.min !== undefined && n < opts.min) {
      throw refused(`Expected an integer greater than or equal to ${opts.min} but received: ${input}`)
    }
    if (opts.max !== undefined && n > opts.max) {
      throw refused(`Expected an integer less than or equal to ${opts.max} but received: ${input}`)
    }
    return n
  },
}) as unknown as typeof OclifFlags.integer

export const option = ((defaults: Definition) => valueFlag(defaults)) as unknown as typeof OclifFlags.option
