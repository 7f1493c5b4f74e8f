// Anthropic Messages API: one tool whose input_schema is the intent schema, forced with tool_choice, so the answer
// arrives as a tool_use block's input. A refusal or a truncated answer (max_tokens) is not an intent.
import type Anthropic from '@anthropic-ai/sdk'
import { buildPrompt, toolName } from '../prompt.js'
import { toolInputSchema } from '../wire-schema.js'
import type { IntentProvider, PromptContext, ProviderAnswer, ProviderOptions } from './provider.js'

export function anthropicProvider(opts: ProviderOptions): IntentProvider {
  // The SDK is imported at the first question, not with this module: the bundle inlines this module (start-up budget).
  let client: Promise<Anthropic> | undefined
  const connect = () =>
    (client ??= import('@anthropic-ai/sdk').then(
      // apiKey given explicitly and authToken null: the SDK's own credential chain (profiles on disk,
      // ANTHROPIC_AUTH_TOKEN) never runs, so the key always comes from where cloudops says it does.
      ({ default: SDK }) =>
        new SDK({
          apiKey: opts.apiKey,
          authToken: null,
          baseURL: opts.baseURL,
          timeout: opts.timeoutMs,
          maxRetries: opts.maxRetries,
        }),
    ))
  return {
    name: 'anthropic',
    async parse(ctx: PromptContext): Promise<ProviderAnswer> {
      const prompt = buildPrompt(ctx)
      const message = await (await connect()).messages.create({
        model: opts.model,
        max_tokens: opts.maxOutputTokens,
        system: prompt.system,
        messages: [{ role: 'user', content: prompt.user }],
        tools: [
          {
            name: toolName,
            description: 'Record the intent understood from the question.',
            input_schema: toolInputSchema() as Anthropic.Tool.InputSchema,
          },
        ],
        tool_choice: { type: 'tool', name: toolName },
      })
      const tokens = { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens }
      const base = { model: message.model, tokens }
      if (message.stop_reason === 'refusal') return { ...base, data: null, notAccepted: 'the model refused to answer' }
      if (message.stop_reason === 'max_tokens' || message.stop_reason === 'model_context_window_exceeded')
        return { ...base, data: null, notAccepted: 'the model ran out of output tokens before finishing the intent' }
      const call = message.content.find((b) => b.type === 'tool_use' && b.name === toolName)
      if (call?.type !== 'tool_use')
        return { ...base, data: null, notAccepted: 'the model answered in prose instead of the intent tool' }
      return { ...base, data: call.input }
    },
  }
}
