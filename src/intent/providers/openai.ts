// OpenAI Chat Completions with a strict json_schema response format; the same client serves OpenAI-compatible
// servers (Ollama, vLLM, LM Studio, gateways) through a base URL. Models without strict schema support still
// answer text that goes through the same parsing and validation, so a lax server gains no trust.
import type OpenAI from 'openai'
import { buildPrompt } from '../prompt.js'
import { strictOutputSchema, withoutNulls } from '../wire-schema.js'
import {
  type IntentProvider,
  isReasoningModel,
  type PromptContext,
  type ProviderAnswer,
  type ProviderOptions,
} from './provider.js'

export function openaiProvider(opts: ProviderOptions & { compatible: boolean }): IntentProvider {
  // The SDK is imported at the first question, not with this module: the bundle inlines this module (start-up budget).
  let client: Promise<OpenAI> | undefined
  const connect = () =>
    (client ??= import('openai').then(
      ({ default: SDK }) =>
        new SDK({
          apiKey: opts.apiKey,
          baseURL: opts.baseURL,
          organization: null,
          project: null,
          timeout: opts.timeoutMs,
          maxRetries: opts.maxRetries,
        }),
    ))
  // Reasoning models spend output tokens thinking; keep that short for a classification task.
  const reasoning = !opts.compatible && isReasoningModel(opts.model)
  return {
    name: opts.compatible ? 'openai-compatible' : 'openai',
    async parse(ctx: PromptContext): Promise<ProviderAnswer> {
      const prompt = buildPrompt(ctx)
      const completion = await (await connect()).chat.completions.create({
        model: opts.model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'intent', strict: true, schema: strictOutputSchema() },
        },
        // Servers that speak the older dialect know max_tokens only.
        ...(opts.compatible ? { max_tokens: opts.maxOutputTokens } : { max_completion_tokens: opts.maxOutputTokens }),
        ...(reasoning ? { reasoning_effort: 'low' as const } : { temperature: 0 }),
      })
      const tokens = {
        input_tokens: completion.usage?.prompt_tokens ?? 0,
        output_tokens: completion.usage?.completion_tokens ?? 0,
      }
      const base = { model: completion.model || opts.model, tokens }
      const choice = completion.choices[0]
      if (!choice) return { ...base, data: null, notAccepted: 'the model returned no answer' }
      if (choice.message.refusal) return { ...base, data: null, notAccepted: 'the model refused to answer' }
      if (choice.finish_reason === 'length')
        return { ...base, data: null, notAccepted: 'the model ran out of output tokens before finishing the intent' }
      if (choice.finish_reason === 'content_filter')
        return { ...base, data: null, notAccepted: "the provider's content filter stopped the answer" }
      const parsed = parseJsonObject(choice.message.content ?? '')
      if (parsed === undefined)
        return { ...base, data: null, notAccepted: 'the model answered in prose instead of a JSON intent' }
      return { ...base, data: withoutNulls(parsed) }
    },
  }
}

/** The whole answer must be one JSON object, optionally in a ```json fence (local models like to add one). */
function parseJsonObject(text: string): unknown {
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*\n([\s\S]*)\n```$/, '$1')
    .trim()
  if (!body.startsWith('{')) return undefined
  try {
    const value: unknown = JSON.parse(body)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}
