// The shared flags of CONTRACTS.md, in groups a command composes. Each reads CLOUDOPS_<FLAG> when not given.
import * as Flags from './command/flag-kinds.js'
import { UsageError } from './errors.js'
import type { TargetOverrides } from './planner/types.js'
import { type OutputFormat, outputFormats } from './render/output.js'

export type { OutputFormat } from './render/output.js'

const severities = ['critical', 'high', 'medium', 'low'] as const

/** Every command has these (they are the base command's baseFlags). */
export const outputFlags = {
  json: Flags.boolean({
    description: 'Print machine-readable JSON on stdout and nothing else there.',
    env: 'CLOUDOPS_JSON',
    helpGroup: 'OUTPUT',
  }),
  output: Flags.option({
    char: 'o',
    options: outputFormats,
    description: 'Output format.',
    env: 'CLOUDOPS_OUTPUT',
    helpGroup: 'OUTPUT',
  })(),
  verbose: Flags.boolean({
    char: 'v',
    description: 'Say more on stderr, including stack traces on errors.',
    env: 'CLOUDOPS_VERBOSE',
    helpGroup: 'OUTPUT',
    exclusive: ['quiet'],
  }),
  quiet: Flags.boolean({
    char: 'q',
    description: 'Print only results and errors.',
    env: 'CLOUDOPS_QUIET',
    helpGroup: 'OUTPUT',
  }),
  'no-color': Flags.boolean({
    description: 'No colour (also NO_COLOR); FORCE_COLOR=1 forces it in a pipe.',
    env: 'CLOUDOPS_NO_COLOR',
    helpGroup: 'OUTPUT',
  }),
}

const maxFleetEnvironments = 50

export const envFlag = {
  env: Flags.string({
    char: 'e',
    description:
      'Environment to target (a name from config.yaml, or prod/staging/dev/default); several for a fleet run: prod,staging, a group from config, or all.',
    env: 'CLOUDOPS_ENV',
    // The same names config.yaml allows (for a fleet, a comma-separated list of them): anything else cannot be
    // configured, so it is a typo or an attack.
    parse: async (value) => {
      const names = value.split(',')
      const bad = names.find((name) => !/^[a-z][a-z0-9_-]{0,62}$/.test(name))
      if (bad === undefined && names.length <= maxFleetEnvironments) return value
      throw new UsageError(`invalid environment name "${bad ?? value}"`, {
        hint: `Environment names are lower-case letters, digits, - and _ (see \`cloudops config show\`); a fleet is up to ${maxFleetEnvironments} of them, comma-separated.`,
      })
    },
  }),
}

/** For one run, kubectl's and aws's habits over what the environment says (recorded in the plan and audit). */
export const targetFlags = {
  context: Flags.string({
    description: 'Kubernetes context for this run.',
    env: 'CLOUDOPS_CONTEXT',
    helpGroup: 'TARGET',
  }),
  namespace: Flags.string({
    char: 'n',
    description: 'Kubernetes namespace for this run.',
    env: 'CLOUDOPS_NAMESPACE',
    helpGroup: 'TARGET',
  }),
  profile: Flags.string({ description: 'AWS profile for this run.', env: 'CLOUDOPS_PROFILE', helpGroup: 'TARGET' }),
  region: Flags.string({
    description: 'AWS region(s) for this run (repeatable, or comma-separated).',
    env: 'CLOUDOPS_REGION',
    multiple: true,
    helpGroup: 'TARGET',
  }),
}

/** The overrides the target flags ask for; none when no flag was given. */
export function targetOverrides(f: {
  context?: string
  namespace?: string
  profile?: string
  /** A list from repeated flags; one string when it came from CLOUDOPS_REGION. */
  region?: string[] | string
}): TargetOverrides | undefined {
  const regions = [f.region ?? []]
    .flat()
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean)
  for (const r of regions ?? []) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) {
      throw new UsageError(`--region "${r}" is not an AWS region name`, { hint: 'For example --region eu-west-1.' })
    }
  }
  const o: TargetOverrides = {
    ...(f.context ? { context: f.context } : {}),
    ...(f.namespace ? { namespace: f.namespace } : {}),
    ...(f.profile ? { profile: f.profile } : {}),
    ...(regions?.length ? { regions } : {}),
  }
  return Object.keys(o).length ? o : undefined
}

export const llmFlags = {
  provider: Flags.option({
    options: ['anthropic', 'openai', 'openai-compatible', 'offline'] as const,
    description: 'LLM provider that turns the question into an intent (offline needs no key).',
    env: 'CLOUDOPS_PROVIDER',
    helpGroup: 'LLM',
  })(),
  model: Flags.string({
    description: "Model name (defaults to the provider's cheap model).",
    env: 'CLOUDOPS_MODEL',
    helpGroup: 'LLM',
  }),
  'min-confidence': Flags.string({
    description: 'Confidence gate, 0..1 (default 0.8).',
    env: 'CLOUDOPS_MIN_CONFIDENCE',
    helpGroup: 'LLM',
  }),
  'no-cache': Flags.boolean({
    description: 'Do not read or write the intent cache.',
    env: 'CLOUDOPS_NO_CACHE',
    helpGroup: 'LLM',
  }),
}

export const playbooksFlag = {
  playbooks: Flags.string({
    description: 'Directory of extra playbooks.',
    env: 'CLOUDOPS_PLAYBOOKS',
    helpGroup: 'SOURCES',
  }),
}

export const policyFlag = {
  policy: Flags.string({ description: 'Policy file to use.', env: 'CLOUDOPS_POLICY', helpGroup: 'SOURCES' }),
}

export const executionFlags = {
  yes: Flags.boolean({
    char: 'y',
    description: 'Approve steps that policy says need approval (never overrides a deny).',
    env: 'CLOUDOPS_YES',
    helpGroup: 'EXECUTION',
  }),
  'fail-on': Flags.option({
    options: severities,
    description: 'Exit 10 when a finding at or above this severity exists.',
    env: 'CLOUDOPS_FAIL_ON',
    helpGroup: 'EXECUTION',
  })(),
}

/** Parse --min-confidence strictly: a number in [0, 1], or a usage error. */
export function parseConfidence(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`--min-confidence must be a number from 0 to 1, got "${raw}"`, {
      hint: 'For example --min-confidence 0.8.',
    })
  }
  return n
}

/**
 * The format typed on the command line (before `--`), if any: it wins over CLOUDOPS_JSON / CLOUDOPS_OUTPUT, and
 * `--json` with `-o table` typed together is a usage error rather than a silent choice.
 */
export function typedFormat(argv: readonly string[]): OutputFormat | undefined {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length
  let json = false
  let output: string | undefined
  for (let i = 0; i < end; i++) {
    const a = argv[i] ?? ''
    if (a === '--json') json = true
    else if (a === '-o' || a === '--output') output = argv[i + 1]
    else if (a.startsWith('--output=')) output = a.slice('--output='.length)
    else if (/^-o[a-z]/.test(a)) output = a.slice(2).replace(/^=/, '')
  }
  if (json && output !== undefined && output !== 'json') {
    throw new UsageError(`--json and --output ${output} ask for two different formats`, {
      hint: 'Give one of them: --json is the same as --output json.',
    })
  }
  if (json) return 'json'
  return outputFormats.find((f) => f === output)
}
