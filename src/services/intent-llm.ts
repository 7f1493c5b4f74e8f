// The LLM path of `understand`: loaded only when a provider other than offline is chosen.
import { notAvailable } from '../errors.js'
import type { IntentRequest } from './intent.js'
import type { Sources } from './sources.js'

export async function askProvider(
  _src: Sources,
  req: IntentRequest & { environments: string[] },
): Promise<{
  data: unknown
  model: string
  usage: { input_tokens: number; output_tokens: number; cost_usd: number }
  cached: boolean
}> {
  throw notAvailable('ask', `the ${req.provider} provider`)
}
