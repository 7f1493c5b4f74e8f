// What every pipeline command reads before it plans: config, playbooks, policy, and the signing key.
import type { Config } from '../config/config.js'
import { configDefaults } from '../config/defaults.js'
import type { Paths } from '../config/paths.js'
import { loadSigningKey, type SigningKey } from '../config/signing-key.js'
import { UsageError } from '../errors.js'
import { loadPlaybooks } from '../planner/load.js'
import type { LoadedPlaybook } from '../planner/playbook.js'
import type { LoadedPolicy } from '../policy/types.js'
import { parseDuration } from '../util/duration.js'
import { policyInForce } from './policy.js'

export interface Sources {
  paths: Paths
  config: Config
  playbooks: LoadedPlaybook[]
  policy: LoadedPolicy
  key?: SigningKey
}

export async function loadSources(opts: {
  paths: Paths
  config: Config
  playbooksDir?: string
  policyFlag?: string
  /** Told of each user playbook file skipped (invalid, or a name clash), with the fix. */
  onSkipped?: (line: string) => void
}): Promise<Sources> {
  return {
    paths: opts.paths,
    config: opts.config,
    playbooks: await loadPlaybooks({ paths: opts.paths, extraDir: opts.playbooksDir, onSkipped: opts.onSkipped }),
    policy: policyInForce({ flag: opts.policyFlag, paths: opts.paths }),
    key: loadSigningKey(opts.paths),
  }
}

/** The names a question may give as its scope: the configured environments, then the groups of them. */
export function environmentNames(config: Config): string[] {
  return [...Object.keys(config.environments ?? {}), ...Object.keys(config.groups ?? {})]
}

/** A reviewed plan is a snapshot of now; a month is already long for one. */
const maxPlanTtlMs = 30 * 86_400_000

/** --ttl, else plans.ttl in config, else 1h; at most 30 days. */
export function planTtlMs(flag: string | undefined, config: Config): number {
  const text = flag ?? config.plans?.ttl ?? configDefaults['plans.ttl']
  const from = flag === undefined ? 'plans.ttl in config.yaml' : '--ttl'
  const ms = parseDuration(text)
  if (!ms) throw new UsageError(`invalid plan ttl "${text}" (${from})`, { hint: 'Use a duration like 30m, 1h or 1d.' })
  if (ms > maxPlanTtlMs) {
    throw new UsageError(`plan ttl "${text}" (${from}) is longer than 30 days`, {
      hint: 'Use at most 30d; make a new plan when an old one expires.',
    })
  }
  return ms
}
