// `config show`: the validated config and where the LLM key would come from — presence only, never a value.
import { existsSync } from 'node:fs'
import type { Config, LoadedConfig } from '../config/config.js'
import { maskUrl } from '../redact.js'

export interface ConfigDescription {
  path: string
  exists: boolean
  config: Config
  llm_key: { provider: string; source: string; present: boolean }
}

const keyVariable: Record<string, string | undefined> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  'openai-compatible': 'OPENAI_API_KEY',
}

export function describeConfig(loaded: LoadedConfig, env: Record<string, string | undefined>): ConfigDescription {
  const provider = loaded.config.llm?.provider ?? 'offline'
  const keyFile = loaded.config.llm?.key_file
  const variable = keyVariable[provider]
  let llm_key: ConfigDescription['llm_key']
  if (!variable) llm_key = { provider, source: 'none needed', present: true }
  else if (env[variable]) llm_key = { provider, source: variable, present: true }
  else if (keyFile) llm_key = { provider, source: `key_file ${keyFile}`, present: existsSync(keyFile) }
  else llm_key = { provider, source: variable, present: false }
  // A gateway URL may carry a password or a key in its query: shown masked, like everywhere else.
  const llm = loaded.config.llm
  const config = llm?.base_url ? { ...loaded.config, llm: { ...llm, base_url: maskUrl(llm.base_url) } } : loaded.config
  return { path: loaded.path, exists: loaded.exists, config, llm_key }
}
