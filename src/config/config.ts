// config.yaml: load, validate, and the typed view every other stage reads.
import { existsSync } from 'node:fs'
import { readValidatedFile } from '../schema/validate-document.js'
import type { Paths } from './paths.js'

export type ProviderName = 'anthropic' | 'openai' | 'openai-compatible' | 'offline'

export interface LlmConfig {
  provider?: ProviderName
  model?: string
  base_url?: string
  key_file?: string
  min_confidence?: number
  max_tokens_per_run?: number
  timeout_seconds?: number
  cache_ttl_hours?: number
}

interface AwsAccountConfig {
  profile: string
  regions?: string[]
}

export interface EnvironmentConfig {
  /** `accounts`: several AWS accounts, each a profile (its own regions, else these regions); not with `profile`. */
  aws?: { profile?: string; regions?: string[]; accounts?: AwsAccountConfig[] }
  /** `contexts`: several clusters; not with `context`. */
  kubernetes?: { context?: string; contexts?: string[]; namespace?: string }
}

export interface Config {
  llm?: LlmConfig
  environments?: Record<string, EnvironmentConfig>
  /** Names for sets of environments a fleet run can target (`--env everything`). */
  groups?: Record<string, string[]>
  execution?: { concurrency?: number; fleet_concurrency?: number; step_timeout_seconds?: number }
  plans?: { ttl?: string }
  mcp?: { environments?: string[] }
  team?: TeamConfig
}

/** Team mode (CONTRACTS.md): where audit copies go and whose policy signatures count. */
interface TeamConfig {
  nats_url: string
  creds_file?: string
  stream?: string
  ship?: 'metadata' | 'full'
  auto_ship?: boolean
  trusted_keys?: string[]
}

export interface LoadedConfig {
  config: Config
  path: string
  exists: boolean
}

const configHint = (path: string) =>
  `Fix ${path} (see \`cloudops config show\` and the README's Configuration section), or move it aside and run \`cloudops config init\`.`

/** A missing file is an empty config (defaults everywhere); an invalid one is a usage error naming file and line. */
export function loadConfig(paths: Paths): LoadedConfig {
  const path = paths.configFile
  if (!existsSync(path)) return { config: {}, path, exists: false }
  // Read at every command: an unchanged file's last parse comes from the cache dir (src/schema/parsed-cache.ts).
  const config = readValidatedFile<Config | null>(path, 'config', configHint(path), paths.cacheDir) ?? {}
  return { config, path, exists: true }
}
