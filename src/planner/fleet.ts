// Fleet runs: the environments one --env names (a list, `all`, a group from config), and the targets a playbook
// reaches in them: environment × AWS account (× region, when every AWS step fans out by region) × kube context.
// Pure apart from loading the playbook's actions; the same config and selector give the same targets, in order.
import { loadAction } from '../actions/registry.js'
import type { Config, EnvironmentConfig } from '../config/config.js'
import { UsageError } from '../errors.js'
import { resolveEnvironment } from './environment.js'
import type { LoadedPlaybook } from './playbook.js'
import type { PlanEnvironment, PlanTarget, TargetOverrides } from './types.js'

type Env = Record<string, string | undefined>

/** Bounded work: a fleet beyond this is a typo in a group, or a job for several runs. */
const maxFleetTargets = 200

/** What a playbook reaches, which says what a target is for it. */
export interface PlaybookReach {
  aws: boolean
  kubernetes: boolean
  /** Every AWS step fans out by region, so each region is a target of its own (and fails alone). */
  byRegion: boolean
}

export async function reachOf(playbook: LoadedPlaybook): Promise<PlaybookReach> {
  const steps = await Promise.all(
    playbook.playbook.steps.map(async (s) => ({ provider: (await loadAction(s.action)).provider, foreach: s.foreach })),
  )
  const aws = steps.filter((s) => s.provider === 'aws')
  return {
    aws: aws.length > 0,
    kubernetes: steps.some((s) => s.provider === 'kubernetes'),
    byRegion: aws.length > 0 && aws.every((s) => s.foreach === 'region'),
  }
}

const own = <T>(record: Record<string, T> | undefined, key: string): T | undefined =>
  record && Object.hasOwn(record, key) ? record[key] : undefined

/**
 * The environments `selector` names: `a,b` (in that order), `all` (every configured one; `default` when none is), a
 * group from config, else the one name. An environment's own name wins over a group's.
 */
export function environmentsNamed(config: Config, selector: string | undefined): string[] {
  if (!selector) return ['default']
  const envs = config.environments ?? {}
  if (own(envs, selector)) return [selector]
  if (selector.includes(',')) return [...new Set(selector.split(',').map((s) => s.trim()))].filter(Boolean)
  if (selector === 'all') return Object.keys(envs).length ? Object.keys(envs) : ['default']
  return own(config.groups, selector) ?? [selector]
}

/** Whether one environment is itself several places: accounts or contexts listed. */
function isSeveral(env: EnvironmentConfig | undefined): boolean {
  return Boolean(env?.aws?.accounts || env?.kubernetes?.contexts)
}

/** A fleet run: more than one environment, or one that lists several accounts or contexts. */
export function isFleet(config: Config, names: readonly string[]): boolean {
  return names.length > 1 || isSeveral(own(config.environments, names[0] ?? ''))
}

function configProblem(message: string, key: string): UsageError {
  return new UsageError(message, { hint: `Keep one of them in config.yaml (\`cloudops config unset ${key}\`).` })
}

/** The accounts of one environment: each profile with its regions (the environment's when it names none). */
function accountsOf(name: string, conf: EnvironmentConfig | undefined, base: PlanEnvironment, o?: TargetOverrides) {
  const listed = conf?.aws?.accounts
  if (!listed) return { several: false, accounts: [{ profile: base.aws?.profile, regions: base.aws?.regions ?? [] }] }
  if (conf?.aws?.profile) {
    throw configProblem(`environments.${name}.aws has both profile and accounts`, `environments.${name}.aws.profile`)
  }
  const profiles = listed.map((a) => a.profile)
  const twice = profiles.find((p, i) => profiles.indexOf(p) !== i)
  if (twice)
    throw configProblem(
      `environments.${name}.aws.accounts lists profile ${twice} twice`,
      `environments.${name}.aws.accounts`,
    )
  const regions = (a: { regions?: string[] }) =>
    o?.regions?.length ? o.regions : (a.regions ?? base.aws?.regions ?? [])
  return { several: true, accounts: listed.map((a) => ({ profile: a.profile, regions: regions(a) })) }
}

function contextsOf(name: string, conf: EnvironmentConfig | undefined, base: PlanEnvironment) {
  const listed = conf?.kubernetes?.contexts
  if (!listed) return { several: false, contexts: [base.kubernetes?.context] }
  if (conf?.kubernetes?.context) {
    throw configProblem(
      `environments.${name}.kubernetes has both context and contexts`,
      `environments.${name}.kubernetes.context`,
    )
  }
  return { several: true, contexts: listed }
}

/** Every target of `names` for a playbook that reaches `reach`, in config order: env, account, context, region. */
export function fleetTargets(
  config: Config,
  names: readonly string[],
  reach: PlaybookReach,
  env: Env = process.env,
  overrides?: TargetOverrides,
): PlanTarget[] {
  if (overrides?.context || overrides?.profile) {
    const flag = overrides.context ? '--context' : '--profile'
    throw new UsageError(`${flag} names one target, and this is a fleet run (${names.join(', ')})`, {
      hint: `Run one environment with --env NAME ${flag} VALUE, or leave ${flag} out.`,
    })
  }
  const targets: PlanTarget[] = []
  for (const name of names) {
    const conf = own(config.environments, name)
    const base = resolveEnvironment(config, name, env, overrides)
    const { several: severalAccounts, accounts } = accountsOf(name, conf, base, overrides)
    const { several: severalContexts, contexts } = contextsOf(name, conf, base)
    for (const account of reach.aws ? accounts : [undefined]) {
      for (const context of reach.kubernetes ? contexts : [undefined]) {
        const regions = reach.byRegion && account ? account.regions : [undefined]
        for (const region of regions) {
          const id = [
            name,
            severalAccounts && account ? (account.profile ?? 'default') : '',
            severalContexts ? (context ?? '') : '',
            region ?? '',
          ]
            .filter(Boolean)
            .join('/')
          // Each target holds only the side the playbook reaches: a cluster's target names no AWS regions.
          const environment: PlanEnvironment = {
            ...base,
            aws: account && {
              ...(account.profile ? { profile: account.profile } : {}),
              regions: region ? [region] : account.regions,
            },
            kubernetes: reach.kubernetes
              ? {
                  ...(context ? { context } : {}),
                  ...(base.kubernetes?.namespace ? { namespace: base.kubernetes.namespace } : {}),
                }
              : undefined,
          }
          if (!environment.aws) delete environment.aws
          if (!environment.kubernetes) delete environment.kubernetes
          targets.push({
            id,
            env: name,
            ...(account ? { account: account.profile ?? 'default' } : {}),
            ...(region ? { region } : {}),
            ...(context ? { context } : {}),
            environment,
          })
        }
      }
    }
  }
  if (targets.length > maxFleetTargets) {
    throw new UsageError(
      `this fleet run would reach ${targets.length} targets; at most ${maxFleetTargets} run at once`,
      {
        hint: 'Name fewer environments with --env a,b, or split the fleet into groups in config.yaml.',
      },
    )
  }
  return targets
}
