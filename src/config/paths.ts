// XDG base directories with the usual defaults, and the CLOUDOPS_AUDIT_LOG override from CONTRACTS.md.
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface Paths {
  configDir: string
  configFile: string
  userPlaybooksDir: string
  userPolicyFile: string
  keysDir: string
  stateDir: string
  auditLog: string
  cacheDir: string
}

type Env = Record<string, string | undefined>

function xdg(env: Env, name: string, fallback: string[]): string {
  const value = env[name]
  // The XDG spec says relative paths are invalid and must be ignored.
  return value?.startsWith('/') ? value : join(env.HOME || homedir(), ...fallback)
}

export function resolvePaths(env: Env = process.env): Paths {
  const configDir = join(xdg(env, 'XDG_CONFIG_HOME', ['.config']), 'cloudops')
  const stateDir = join(xdg(env, 'XDG_STATE_HOME', ['.local', 'state']), 'cloudops')
  return {
    configDir,
    configFile: join(configDir, 'config.yaml'),
    userPlaybooksDir: join(configDir, 'playbooks'),
    userPolicyFile: join(configDir, 'policy.yaml'),
    keysDir: join(configDir, 'keys'),
    stateDir,
    auditLog: env.CLOUDOPS_AUDIT_LOG || join(stateDir, 'audit.jsonl'),
    cacheDir: join(xdg(env, 'XDG_CACHE_HOME', ['.cache']), 'cloudops'),
  }
}
