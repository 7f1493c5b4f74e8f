// Which provider questions go to, and whether its key is where cloudops will look. No call is made: a doctor run
// should cost nothing, and the key is never shown, only where it comes from.
import { resolveApiKey } from '../../intent/llm-key.js'
import { redact } from '../../redact.js'
import { chooseProvider } from '../../services/intent.js'
import { llmSettings } from '../../services/intent-llm.js'
import type { DoctorCheck } from '../check.js'

const name = 'LLM provider'

export const llmCheck: DoctorCheck = {
  name,
  run(ctx) {
    const config = ctx.config().config
    const provider = chooseProvider(undefined, config, ctx.env)
    if (provider === 'offline') {
      return {
        name,
        ok: true,
        warning: !config.llm?.provider,
        detail: 'offline parser (no LLM key or llm.provider configured)',
        fix: config.llm?.provider
          ? undefined
          : 'For free-form questions export ANTHROPIC_API_KEY or OPENAI_API_KEY, or set llm.provider.',
      }
    }
    const settings = llmSettings(provider, undefined, config.llm, ctx.env)
    const key = resolveApiKey(provider, config.llm, ctx.env)
    return {
      name,
      ok: true,
      detail: `${provider} ${settings.model} at ${redact(settings.baseURL)}, key from ${key.source}`,
    }
  },
}
