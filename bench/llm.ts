// The LLM prompt's size with the shipped catalogue: what one call per question costs in input tokens.

import { resolvePaths } from '../src/config/paths.js'
import { buildPrompt } from '../src/intent/prompt.js'
import { strictOutputSchema, toolInputSchema } from '../src/intent/wire-schema.js'
import { loadPlaybooks } from '../src/planner/load.js'
import { promptContext } from '../src/services/intent-llm.js'
import type { Sources } from '../src/services/sources.js'
import type { BenchEnv } from './env.js'

export async function llmSection(env: BenchEnv): Promise<string[]> {
  const paths = resolvePaths(env.vars)
  const playbooks = await loadPlaybooks({ paths })
  const ctx = promptContext({ playbooks } as Sources, 'which security groups expose SSH to the internet in prod', [
    'prod',
    'staging',
    'dev',
  ])
  const p = buildPrompt(ctx)
  const anthropicChars = p.system.length + p.user.length + JSON.stringify(toolInputSchema()).length
  const openaiChars = p.system.length + p.user.length + JSON.stringify(strictOutputSchema()).length
  // ~4 characters a token for English and JSON is the providers' own rule of thumb; 3 is our budget's bound.
  const row = (name: string, chars: number) =>
    `| ${name} | ${chars.toLocaleString('en')} | ≈ ${Math.round(chars / 4)} (≤ ${Math.ceil(chars / 3)}) | ≤ 2,000 ${Math.ceil(chars / 3) <= 2000 ? 'met' : Math.round(chars / 4) <= 2000 ? 'met (estimate)' : '**not met**'} |`
  return [
    `## LLM prompt (${playbooks.length} playbooks in the catalogue)`,
    '',
    '| provider | characters sent | input tokens | target |',
    '| --- | ---: | ---: | --- |',
    row('anthropic (system + question + tool schema)', anthropicChars),
    row('openai (system + question + strict schema)', openaiChars),
    '',
    'One call per question, none on a cache hit: asserted by test/intent/llm-providers.test.ts against a local server.',
    '',
  ]
}
