// The prompt with the shipped catalogue stays within its budget, ≤ 2,000 input tokens a question at ~4 characters a
// token (the providers' rule of thumb; bench/RESULTS.md reports it too): a playbook added, or a description grown,
// fails here rather than on someone's bill.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolvePaths } from '../../src/config/paths.js'
import { buildPrompt } from '../../src/intent/prompt.js'
import { strictOutputSchema, toolInputSchema } from '../../src/intent/wire-schema.js'
import { loadPlaybooks } from '../../src/planner/load.js'
import { promptContext } from '../../src/services/intent-llm.js'
import type { Sources } from '../../src/services/sources.js'

const home = mkdtempSync(join(tmpdir(), 'cloudops-prompt-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

describe('the prompt with the shipped catalogue', () => {
  it('is at most 2,000 input tokens for each provider, and names every shipped playbook', async () => {
    const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: home }) })
    const question = 'which security groups expose SSH to the internet in prod'
    const ctx = promptContext({ playbooks } as Sources, question, ['prod', 'staging', 'dev'])
    const p = buildPrompt(ctx)
    for (const pb of playbooks) expect(p.system).toContain(`- ${pb.playbook.metadata.name}: `)
    for (const schema of [toolInputSchema(), strictOutputSchema()]) {
      const chars = p.system.length + p.user.length + JSON.stringify(schema).length
      expect(chars / 4).toBeLessThanOrEqual(2000)
    }
  })
})
