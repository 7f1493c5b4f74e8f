// parseArgv answers only where oclif's parser gives the same answer: for every command's real flags and args, over
// the plain forms people type and some thousands of generated command lines (and environment variables), each line it
// reads must come out as oclif reads it, and each line oclif refuses must be left to oclif. It must also read the
// plain forms itself: a parser that always said "ask oclif" would be correct and useless.
import { parse as oclifParse } from '@oclif/core/parser'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error plain JS build script, no types
import { commandFiles } from '../../scripts/bundle.js'
import { type ArgvDefinitions, parseArgv } from '../../src/command/parse-argv.js'

interface Definition {
  type: 'boolean' | 'option'
  char?: string
  env?: string
  options?: readonly string[]
  multiple?: boolean
  min?: number
}

const commands: { id: string; defs: ArgvDefinitions }[] = await Promise.all(
  commandFiles().map(async (c: { id: string; file: string }) => {
    const { default: cls } = await import(c.file)
    const defs: ArgvDefinitions = {
      flags: { ...cls.baseFlags, ...cls.flags },
      args: cls.args ?? {},
      strict: cls.strict ?? true,
    }
    return { id: c.id as string, defs }
  }),
)

type Outcome = { flags: Record<string, unknown>; args: Record<string, unknown> } | 'refused'

async function byOclif(argv: string[], defs: ArgvDefinitions): Promise<Outcome> {
  try {
    const out = await oclifParse(argv, { ...defs, context: {} } as never)
    return { flags: out.flags, args: out.args }
  } catch {
    return 'refused'
  }
}

/** A value the flag takes, or one it should not. */
function values(f: Definition): string[] {
  if (f.options) return [...f.options, 'nope']
  if (f.min !== undefined) return ['3', String(f.min - 1), 'abc', '-4']
  return ['prod', 'eu-west-1', 'a b', '-x', 'BAD', '']
}

/** The ways to type one flag: its long and short names, with its value beside, after `=`, or missing. */
function forms(name: string, f: Definition): string[][] {
  const names = [`--${name}`, ...(f.char ? [`-${f.char}`] : [])]
  if (f.type === 'boolean') return [...names.map((n) => [n]), [`--${name}=true`]]
  return values(f).flatMap((v) => [
    ...names.map((n) => [n, v]),
    [`--${name}=${v}`],
    ...(f.char ? [[`-${f.char}${v}`]] : []),
  ])
}

/** A deterministic stream of numbers, so a failure can be run again. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

const words = ['bash', 'why is cpu high', 'aws-diagnose', 'name=i-0abc', '-', '--', '--bogus', '-z', 'extra', 'a.yaml']

function generated(defs: ArgvDefinitions, n: number, seed: number): string[][] {
  const next = random(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T
  const flagForms = Object.entries(defs.flags as Record<string, Definition>).flatMap(([name, f]) => forms(name, f))
  const lines: string[][] = []
  for (let i = 0; i < n; i++) {
    const line: string[] = []
    const length = Math.floor(next() * 6)
    for (let j = 0; j < length; j++) line.push(...(next() < 0.6 ? pick(flagForms) : [pick(words)]))
    lines.push(line)
  }
  return lines
}

/** Env values for a flag's variable: valid, invalid and boolean spellings. */
function envValues(f: Definition): string[] {
  return f.type === 'boolean' ? ['true', 'TRUE', '1', 'yes', 'y', 'false', '0', 'n', 'maybe'] : values(f)
}

const saved = { ...process.env }
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
  Object.assign(process.env, saved)
})

async function expectSameAsOclif(argv: string[], defs: ArgvDefinitions): Promise<boolean> {
  const ours = await parseArgv(argv, defs, {})
  if (ours === undefined) return false
  const theirs = await byOclif(argv, defs)
  expect({ argv, ours }, `oclif reads ${JSON.stringify(argv)} otherwise`).toEqual({ argv, ours: theirs })
  return true
}

/** A line that names every required arg and nothing else. */
function requiredArgs(defs: ArgvDefinitions): string[] {
  return Object.values(defs.args as Record<string, { required?: boolean; options?: string[] }>)
    .filter((a) => a.required)
    .map((a, i) => a.options?.[0] ?? `word${i}`)
}

describe.each(commands)('$id', ({ defs }) => {
  for (const k of Object.keys(process.env)) if (k.startsWith('CLOUDOPS_')) delete process.env[k]

  it('reads each flag in each of its plain forms as oclif does, and leaves the rest to it', async () => {
    let read = 0
    let valid = 0
    for (const [name, f] of Object.entries(defs.flags as Record<string, Definition>)) {
      for (const form of forms(name, f)) {
        const argv = [...form, ...requiredArgs(defs)]
        if (await expectSameAsOclif(argv, defs)) read++
        if ((await byOclif(argv, defs)) !== 'refused') valid++
      }
    }
    // Most lines oclif accepts are read here too (the rest: `-ovalue`, a value that starts with -, …).
    expect(read).toBeGreaterThan(valid / 2)
  })

  it('reads generated command lines as oclif does', async () => {
    let read = 0
    for (const argv of generated(defs, 400, 7)) if (await expectSameAsOclif(argv, defs)) read++
    expect(read).toBeGreaterThan(0)
  })

  it("reads each flag's environment variable as oclif does", async () => {
    for (const [name, f] of Object.entries(defs.flags as Record<string, Definition>)) {
      if (!f.env) continue
      for (const value of envValues(f)) {
        process.env[f.env] = value
        await expectSameAsOclif(requiredArgs(defs), defs)
        // The command line wins over the variable.
        for (const form of forms(name, f).slice(0, 2)) await expectSameAsOclif([...form, ...requiredArgs(defs)], defs)
        delete process.env[f.env]
      }
    }
  })
})

describe('parseArgv', () => {
  const ask = commands.find((c) => c.id === 'ask')?.defs as ArgvDefinitions

  it('reads a dry-run question itself', async () => {
    const argv = ['--dry-run', '--provider', 'offline', '-e', 'prod', 'which groups expose ssh', '--region=eu-west-1']
    expect(await parseArgv(argv, ask, {})).toEqual({
      flags: { 'dry-run': true, provider: 'offline', env: 'prod', region: ['eu-west-1'] },
      args: { question: 'which groups expose ssh' },
    })
  })

  it.each([
    [['--provider', 'nope', 'q']],
    [['--verbose', '--quiet', 'q']],
    [['-vq', 'q']],
    [['q', 'extra']],
    [['--bogus', 'q']],
    [[]],
    [['--region', 'eu-west-1', 'us-east-1']],
    [['--env', 'BAD', 'q']],
  ])('leaves %j to oclif, which refuses it', async (argv) => {
    expect(await parseArgv(argv, ask, {})).toBeUndefined()
    expect(await byOclif(argv, ask)).toBe('refused')
  })
})
