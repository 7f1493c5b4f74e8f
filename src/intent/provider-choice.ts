// Which parser answers a question, and why: the flag, then config, then an exported key, else offline. Said to the
// person (a notice, doctor) when it may surprise them; only variable names, never a key.
import type { Config, ProviderName } from '../config/config.js'

type Env = Record<string, string | undefined>

export interface ProviderChoice {
  provider: ProviderName
  /**
   * Why: `flag` (--provider or CLOUDOPS_PROVIDER), `config` (llm.provider), `key` (an exported key, with no
   * llm.provider), or `none` (no key and no llm.provider: the offline parser).
   */
  source: 'flag' | 'config' | 'key' | 'none'
  /** The key variable that chose the provider (source `key`). */
  keyVariable?: string
  /** Key variables that are set but that this choice does not use (names only). */
  unusedKeys: string[]
}

const keyVariables = [
  { provider: 'anthropic', variable: 'ANTHROPIC_API_KEY' },
  { provider: 'openai', variable: 'OPENAI_API_KEY' },
] as const

/**
 * The rule, most explicit first: --provider (or CLOUDOPS_PROVIDER), then llm.provider in config (so an explicit
 * `offline` there wins over an exported key), then an exported ANTHROPIC_API_KEY, then OPENAI_API_KEY, else offline.
 */
export function providerChoice(flag: ProviderName | undefined, config: Config, env: Env = process.env): ProviderChoice {
  const exported = keyVariables.filter((k) => env[k.variable]?.trim())
  const unused = (provider: ProviderName) =>
    exported
      .filter((k) => k.provider !== provider && !(provider === 'openai-compatible' && k.provider === 'openai'))
      .map((k) => k.variable)
  if (flag) return { provider: flag, source: 'flag', unusedKeys: unused(flag) }
  const configured = config.llm?.provider
  if (configured) return { provider: configured, source: 'config', unusedKeys: unused(configured) }
  const first = exported[0]
  if (first) {
    return { provider: first.provider, source: 'key', keyVariable: first.variable, unusedKeys: unused(first.provider) }
  }
  return { provider: 'offline', source: 'none', unusedKeys: [] }
}

const listed = (vars: string[]) =>
  vars.length > 1 ? `${vars.slice(0, -1).join(', ')} and ${vars.at(-1)} are` : `${vars[0]} is`

/** For config's `offline` winning over an exported key: what is set, what is used, and the one command to change it. */
export function offlineOverKey(
  choice: ProviderChoice,
  configFile: string,
): { detail: string; fix: string } | undefined {
  if (choice.provider !== 'offline' || choice.source !== 'config' || !choice.unusedKeys.length) return undefined
  const providers = keyVariables.filter((k) => choice.unusedKeys.includes(k.variable)).map((k) => k.provider)
  return {
    detail: `llm.provider is offline in ${configFile}; ${listed(choice.unusedKeys)} set but not used`,
    fix:
      providers.length > 1
        ? `\`cloudops config set llm.provider ${providers[0]}\` (or ${providers.slice(1).join(', ')}) to use one`
        : `\`cloudops config set llm.provider ${providers[0]}\` to use it`,
  }
}

/** The one-line notice ask, plan and intent print about the provider, when there is something to say. */
export function providerNotice(choice: ProviderChoice, configFile: string): string | undefined {
  if (choice.source === 'none') {
    return 'No LLM key found (ANTHROPIC_API_KEY, OPENAI_API_KEY) and no llm.provider in config: using the offline parser.'
  }
  const over = offlineOverKey(choice, configFile)
  return over ? `${over.detail}: ${over.fix}.` : undefined
}
