// `cloudops intent` output: the contract's JSON shape, and a short summary for people.
import type { IntentResult } from '../intent/result.js'

export function intentJson(r: IntentResult) {
  return {
    intent: r.intent,
    accepted: r.verdict.accepted,
    playbook: r.playbook,
    provider: r.provider,
    model: r.model,
    usage: r.usage,
    ...(r.verdict.accepted ? {} : { reason: r.verdict.reason, clarification: r.verdict.clarification ?? null }),
    ...(r.candidates.length ? { candidates: r.candidates } : {}),
    cached: r.cached,
  }
}

export function renderIntent(r: IntentResult): string {
  const i = r.intent
  const lines = [
    `${r.verdict.accepted ? '✓ accepted' : '✗ not accepted'} (${r.provider}${r.model !== 'offline' ? `/${r.model}` : ''}, confidence ${i?.confidence ?? '-'})`,
  ]
  if (i?.target) {
    const t = i.target
    lines.push(
      `  ${i.intent_type} ${t.resource_type} in ${t.scope}${t.namespace ? ` namespace ${t.namespace}` : ''}${t.region ? ` region ${t.region}` : ''}${i.time_range?.last ? ` over ${i.time_range.last}` : ''}; goal ${i.goal}`,
    )
  }
  if (r.playbook) lines.push(`  playbook: ${r.playbook}`)
  if (!r.verdict.accepted) lines.push(`  why: ${r.verdict.reason}`)
  if (!r.verdict.accepted && r.verdict.clarification) lines.push(`  ${r.verdict.clarification}`)
  if (r.usage.input_tokens)
    lines.push(`  tokens ${r.usage.input_tokens}+${r.usage.output_tokens} ≈ $${r.usage.cost_usd}`)
  return lines.join('\n')
}
