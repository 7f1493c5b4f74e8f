// What an environment name means for this user: the AWS profile and regions and the kube context from config.yaml.
import type { Config } from '../config/config.js'
import type { PlanEnvironment, TargetOverrides } from './types.js'

type Env = Record<string, string | undefined>

function defaultRegion(env: Env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'
}

/**
 * "default" (or no name) is the current kube context and the default AWS chain and region. A named environment
 * that is not configured still plans (resolved: false, so people can review it) but never executes.
 */
export function resolveEnvironment(
  config: Config,
  name: string | undefined,
  env: Env = process.env,
  overrides?: TargetOverrides,
): PlanEnvironment {
  const resolved = fromConfig(config, name, env)
  if (!overrides || Object.keys(overrides).length === 0) return resolved
  const { context, namespace, profile, regions } = overrides
  return {
    ...resolved,
    aws: {
      ...resolved.aws,
      ...(profile ? { profile } : {}),
      regions: regions?.length ? regions : (resolved.aws?.regions ?? []),
    },
    kubernetes: { ...resolved.kubernetes, ...(context ? { context } : {}), ...(namespace ? { namespace } : {}) },
    overrides,
  }
}

function fromConfig(config: Config, name: string | undefined, env: Env): PlanEnvironment {
  const wanted = name ?? 'default'
  const envs = config.environments ?? {}
  // Own names only: "constructor" or "__proto__" is never a configured environment.
  const configured = Object.hasOwn(envs, wanted) ? envs[wanted] : undefined
  if (configured) {
    const k = configured.kubernetes ?? {}
    return {
      name: wanted,
      resolved: true,
      aws: {
        ...(configured.aws?.profile ? { profile: configured.aws.profile } : {}),
        regions: configured.aws?.regions?.length ? configured.aws.regions : [defaultRegion(env)],
      },
      kubernetes: { ...(k.context ? { context: k.context } : {}), ...(k.namespace ? { namespace: k.namespace } : {}) },
    }
  }
  return {
    name: wanted,
    resolved: wanted === 'default',
    aws: { regions: [defaultRegion(env)] },
    kubernetes: {},
  }
}
