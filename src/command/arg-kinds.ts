// The kind of argument our commands declare: a word as typed, built as oclif's Args.string builds it. Not oclif's
// module itself because it loads oclif's file helpers, and through them fs/promises and readline, at every start-up
// (see flag-kinds.ts). test/command/flag-kinds.test.ts holds it to oclif's.
import type * as OclifArgs from '@oclif/core/args'

export const string = ((options: Record<string, unknown> = {}) => ({
  parse: async (input: string) => input,
  ...options,
  input: [],
  type: 'option',
})) as unknown as typeof OclifArgs.string
