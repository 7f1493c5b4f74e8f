// Where an LLM key comes from: the provider's environment variable, else a key file (mode 0600) named in config.
// Never a flag, never logged. The source's name is what error messages mention; the key itself is never shown.
import { readFileSync, statSync } from 'node:fs'
import type { LlmConfig, ProviderName } from '../config/config.js'
import { UsageError } from '../errors.js'

interface ApiKey {
  key: string
  /** "ANTHROPIC_API_KEY", "OPENAI_API_KEY" or "key file <path>". */
  source: string
}

const keyVariable = (provider: Exclude<ProviderName, 'offline'>) =>
  provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'

/** A local OpenAI-compatible server usually wants no key; the SDK still needs a string to send. */
const noKey: ApiKey = { key: 'no-key', source: 'no key (none configured)' }

export function resolveApiKey(
  provider: Exclude<ProviderName, 'offline'>,
  llm: LlmConfig | undefined,
  env: Record<string, string | undefined> = process.env,
): ApiKey {
  const variable = keyVariable(provider)
  const fromEnv = env[variable]?.trim()
  if (fromEnv) return { key: fromEnv, source: variable }
  if (llm?.key_file) return readKeyFile(llm.key_file)
  if (provider === 'openai-compatible') return noKey
  throw new UsageError(`no ${provider === 'anthropic' ? 'Anthropic' : 'OpenAI'} API key: ${variable} is not set`, {
    hint: `Export ${variable}, name a key file (mode 0600) as llm.key_file in config, or use --provider offline.`,
  })
}

function readKeyFile(path: string): ApiKey {
  const source = `key file ${path}`
  let mode: number
  try {
    mode = statSync(path).mode
  } catch {
    throw new UsageError(`${source} does not exist or cannot be read`, {
      hint: 'Fix llm.key_file in config, or unset it and export the key variable.',
    })
  }
  if ((mode & 0o077) !== 0) {
    throw new UsageError(`${source} is readable by others (mode ${(mode & 0o777).toString(8)})`, {
      hint: `Run \`chmod 600 ${path}\`.`,
    })
  }
  const key = readFileSync(path, 'utf8').trim()
  if (!key) throw new UsageError(`${source} is empty`, { hint: 'Put the API key in it, on one line.' })
  return { key, source }
}
