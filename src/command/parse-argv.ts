// A command line as oclif's parser reads it, for the plain forms people type (`--name value`, `--name=value`, `-c
// value`, booleans, positionals, `--`), so that a command runs without loading oclif (~15 ms of start-up on every
// Node, bench/RESULTS.md). Anything else, and anything oclif would refuse, is not decided here: parseArgv returns
// undefined and the caller asks oclif's own parser, which gives the answer or the usage error with its wording.
// test/command/parse-argv.test.ts holds every answer given here to oclif's, command by command.

/** The parts of an oclif flag definition read here. */
interface FlagDefinition {
  type: 'boolean' | 'option'
  char?: string
  env?: string
  default?: unknown
  options?: readonly string[]
  multiple?: boolean
  required?: boolean
  exclusive?: string[]
  dependsOn?: string[]
  relationships?: unknown
  allowNo?: boolean
  allowStdin?: unknown
  aliases?: string[]
  charAliases?: string[]
  multipleNonGreedy?: boolean
  delimiter?: string
  combinable?: string[]
  exactlyOne?: string[]
  atLeastOne?: string[]
  parse?: (input: never, context: unknown, definition: never) => Promise<unknown>
}

interface ArgDefinition {
  required?: boolean
  default?: unknown
  options?: readonly string[]
  allowStdin?: unknown
  parse?: (input: never, context: unknown, definition: never) => Promise<unknown>
}

export interface ArgvDefinitions {
  flags: Readonly<Record<string, unknown>>
  args: Readonly<Record<string, unknown>>
  strict: boolean
}

interface ParsedArgv {
  flags: Record<string, unknown>
  args: Record<string, unknown>
}

/** What a flag was given on the command line: `true` for a boolean, else each value in order. */
type Given = Map<string, string[] | true>

/** Definitions this parser does not read: a command with one of them is always parsed by oclif. */
const unhandled = [
  'aliases',
  'charAliases',
  'dependsOn',
  'relationships',
  'allowStdin',
  'multipleNonGreedy',
  'delimiter',
  'combinable',
  'exactlyOne',
  'atLeastOne',
] as const

export async function parseArgv(
  argv: readonly string[],
  defs: ArgvDefinitions,
  context: unknown,
): Promise<ParsedArgv | undefined> {
  const flags = defs.flags as Record<string, FlagDefinition>
  const args = defs.args as Record<string, ArgDefinition>
  const readable =
    Object.values(flags).every((f) => unhandled.every((k) => f[k] === undefined) && !f.allowNo) &&
    Object.values(args).every((a) => a.allowStdin === undefined)
  if (!readable) return undefined
  const tokens = tokenize(argv, flags)
  if (!tokens) return undefined
  try {
    const parsedFlags = await flagValues(flags, tokens.given, context)
    const parsedArgs = await argValues(args, tokens.positionals, defs.strict, context)
    if (!parsedFlags || !parsedArgs) return undefined
    return { flags: parsedFlags, args: parsedArgs }
  } catch {
    // A flag's own parse refused its value: oclif says so, in its words.
    return undefined
  }
}

/** The flags given and the positionals, or undefined for a form left to oclif. */
function tokenize(
  argv: readonly string[],
  flags: Record<string, FlagDefinition>,
): { given: Given; positionals: string[] } | undefined {
  const byChar = new Map(Object.entries(flags).flatMap(([name, f]) => (f.char ? [[f.char, name] as const] : [])))
  const given: Given = new Map()
  const positionals: string[] = []
  let afterDashes = false
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string
    if (afterDashes || !token.startsWith('-')) {
      positionals.push(token)
      continue
    }
    if (token === '--') {
      afterDashes = true
      continue
    }
    const long = token.startsWith('--')
    const eq = long ? token.indexOf('=') : -1
    const name = long
      ? token.slice(2, eq === -1 ? undefined : eq)
      : token.length === 2
        ? byChar.get(token[1] as string)
        : undefined
    const flag = name === undefined ? undefined : flags[name]
    if (name === undefined || !flag || !Object.hasOwn(flags, name)) return undefined
    if (flag.type === 'boolean') {
      if (eq !== -1) return undefined
      given.set(name, true)
      continue
    }
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1)
    // A missing value, or one that looks like a flag: oclif decides what was meant.
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('-'))) return undefined
    const values = given.get(name)
    if (values !== undefined && !flag.multiple) return undefined
    given.set(name, [...(values === true ? [] : (values ?? [])), value])
    // oclif's multiple flags take the words after their value too (`--region a b`): not read here.
    const next = argv[i + 1]
    if (flag.multiple && next !== undefined && !next.startsWith('-')) return undefined
  }
  return { given, positionals }
}

/** Each flag's value as oclif gives it: from the command line, else its environment variable, else its default. */
async function flagValues(
  flags: Record<string, FlagDefinition>,
  given: Given,
  context: unknown,
): Promise<Record<string, unknown> | undefined> {
  const out: Record<string, unknown> = {}
  for (const [name, flag] of Object.entries(flags)) {
    const typed = given.get(name)
    const fromEnv = flag.env ? process.env[flag.env] : undefined
    if (typed === true) {
      out[name] = await callParse(flag, true, context)
    } else if (typed !== undefined) {
      if (typed.some((v) => !allowed(flag, v))) return undefined
      const values = await Promise.all(typed.map((v) => callParse(flag, v, context)))
      out[name] = flag.multiple ? values : values.at(-1)
    } else if (fromEnv) {
      if (flag.type === 'boolean') out[name] = ['1', 'true', 'y', 'yes'].includes(fromEnv.toLowerCase())
      else if (!allowed(flag, fromEnv)) return undefined
      else out[name] = await callParse(flag, fromEnv, context)
    } else if (flag.default !== undefined) {
      if (typeof flag.default === 'function') return undefined
      out[name] = flag.default
    } else if (flag.required) {
      return undefined
    }
  }
  // Two flags that exclude each other, both set: oclif's refusal.
  const set = (name: string) => out[name] !== undefined
  const clash = Object.entries(flags).some(([name, f]) => set(name) && f.exclusive?.some(set))
  return clash ? undefined : out
}

/** The positionals as the command's args, in order; undefined when one is missing, or one too many (strict). */
async function argValues(
  args: Record<string, ArgDefinition>,
  positionals: string[],
  strict: boolean,
  context: unknown,
): Promise<Record<string, unknown> | undefined> {
  const names = Object.keys(args)
  if (strict && positionals.length > names.length) return undefined
  const out: Record<string, unknown> = {}
  for (const [i, name] of names.entries()) {
    const arg = args[name] as ArgDefinition
    const value = positionals[i]
    if (value === undefined) {
      if (arg.default !== undefined) {
        if (typeof arg.default === 'function') return undefined
        out[name] = arg.default
      } else if (arg.required) return undefined
      continue
    }
    if (value === '-' || (arg.options && !arg.options.includes(value))) return undefined
    out[name] = arg.parse ? await arg.parse(value as never, context, arg as never) : value
  }
  return out
}

function allowed(flag: FlagDefinition, value: string): boolean {
  return !flag.options || flag.options.includes(value)
}

function callParse(flag: FlagDefinition, input: string | true, context: unknown): Promise<unknown> {
  return flag.parse ? flag.parse(input as never, context, flag as never) : Promise.resolve(input)
}
