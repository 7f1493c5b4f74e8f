// Which provider questions go to, why that one, and whether its key is where cloudops will look. No call is made: a
// doctor run should cost nothing, and the key is never shown, only where it comes from.
import type { ProviderName } from '../../config/config.js'
import { resolveApiKey } from '../../intent/llm-key.js'
import { offlineOverKey, type ProviderChoice, providerChoice } from '../../intent/provider-choice.js'
import { llmSettings } from '../../intent/providers/settings.js'
import { redact } from '../../redact.js'
import type { DoctorCheck } from '../check.js'

const name = 'LLM provider'
const providers: readonly string[] = ['anthropic', 'openai', 'openai-compatible', 'offline']

/** Why this provider, in the words of the rule (most explicit first: flag, config, exported key). */
function why(choice: ProviderChoice, configFile: string): string {
  const unused = choice.unusedKeys.length ? `; ${choice.unusedKeys.join(' and ')} set but not used` : ''
  if (choice.source === 'flag') return `CLOUDOPS_PROVIDER=${choice.provider}, which wins over config and keys${unused}`
  if (choice.source === 'config') return `llm.provider in ${configFile}, which wins over exported keys${unused}`
  return `chosen because ${choice.keyVariable} is set and llm.provider is not${unused ? `${unused} (${choice.keyVariable} comes first)` : ''}`
}

export const llmCheck: DoctorCheck = {
  name,
  run(ctx) {
    const loaded = ctx.config()
    const config = loaded.config
    // ask/plan/intent read CLOUDOPS_PROVIDER as their --provider: it decides here too.
    const fromEnv = ctx.env.CLOUDOPS_PROVIDER
    const flag = fromEnv && providers.includes(fromEnv) ? (fromEnv as ProviderName) : undefined
    const choice = providerChoice(flag, config, ctx.env)
    const provider = choice.provider
    if (provider === 'offline') {
      if (choice.source === 'none') {
        return {
          name,
          ok: true,
          warning: true,
          detail: `offline parser: no LLM key exported (ANTHROPIC_API_KEY, OPENAI_API_KEY) and no llm.provider in ${loaded.path}`,
          fix: 'For free-form questions export ANTHROPIC_API_KEY or OPENAI_API_KEY, or set llm.provider.',
        }
      }
      const over = choice.source === 'config' ? offlineOverKey(choice, loaded.path) : undefined
      if (over) return { name, ok: true, warning: true, detail: `offline parser: ${over.detail}`, fix: `${over.fix}.` }
      return { name, ok: true, detail: `offline parser (${why(choice, loaded.path)})` }
    }
    const settings = llmSettings(provider, undefined, config.llm, ctx.env)
    const key = resolveApiKey(provider, config.llm, ctx.env)
    return {
      name,
      ok: true,
      detail: `${provider} ${settings.model} at ${redact(settings.baseURL)}, key from ${key.source} (${why(choice, loaded.path)})`,
    }
  },
}
