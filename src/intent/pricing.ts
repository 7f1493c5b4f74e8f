// Estimated USD cost of an LLM call, from data/llm-prices.json (read once). Dated model ids
// ("claude-haiku-4-5-20251001") are priced as their family: the longest listed prefix wins.
import { readFileSync } from 'node:fs'

interface PriceTable {
  as_of: string
  models: Record<string, { input_per_mtok: number; output_per_mtok: number }>
}

let table: PriceTable | undefined

function priceTable(): PriceTable {
  table ??= JSON.parse(readFileSync(new URL('../../data/llm-prices.json', import.meta.url), 'utf8')) as PriceTable
  return table
}

/** The cost in USD rounded to a millionth, or undefined when the model is not in the table. */
export function estimateCost(
  provider: string,
  model: string,
  usage: { input_tokens: number; output_tokens: number },
): number | undefined {
  const family = provider === 'openai-compatible' ? 'openai' : provider
  const id = `${family}/${model}`
  const key = Object.keys(priceTable().models)
    .filter((k) => id === k || id.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0]
  if (!key) return undefined
  const p = priceTable().models[key] as { input_per_mtok: number; output_per_mtok: number }
  const usd = (usage.input_tokens * p.input_per_mtok + usage.output_tokens * p.output_per_mtok) / 1e6
  return Math.round(usd * 1e6) / 1e6
}
