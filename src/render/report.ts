// Run reports for people: the findings first (what a person on call needs), then what ran and what could not.
import type { RunReport } from '../report/types.js'
import { renderPlan } from './plan.js'
import { table } from './table.js'

const icons: Record<string, string> = { critical: '‼', high: '!', medium: '•', low: '·', info: ' ' }

export function renderReport(r: RunReport, format: 'table' | 'markdown'): string {
  const out: string[] = []
  const p = r.plan
  out.push(`${p.playbook.name} on ${p.environment.name}: ${r.status.toUpperCase()} (run ${r.run_id})`)
  if (r.status === 'dry_run') {
    out.push('Dry run: no cloud API was called. The plan and each step’s policy decision:', '', renderPlan(p, format))
    return out.join('\n')
  }
  if (r.findings.length) {
    out.push('')
    out.push(
      table(format, r.findings, [
        { header: 'sev', get: (f) => `${format === 'table' ? icons[f.severity] : ''}${f.severity}` },
        { header: 'resource', get: (f) => `${f.resource.id}${f.resource.region ? ` (${f.resource.region})` : ''}` },
        { header: 'finding', get: (f) => f.title },
      ]),
    )
    const actionable = r.findings.filter((f) => f.severity !== 'info')
    const recs = [...new Set(actionable.map((f) => f.recommendation))].slice(0, 5)
    if (recs.length)
      out.push(
        '',
        'What to look at (recommendations are text; cloudops changed nothing):',
        ...recs.map((x) => `  - ${x}`),
      )
  } else if (r.status !== 'denied') {
    out.push('', 'No findings.')
  }
  out.push('')
  out.push(
    table(format, r.steps, [
      { header: 'step', get: (s) => s.id },
      { header: 'action', get: (s) => s.action },
      { header: 'status', get: (s) => s.status },
      { header: 'items', get: (s) => (s.status === 'ok' ? s.items : '') },
      { header: 'ms', get: (s) => (s.status === 'ok' || s.status === 'failed' ? s.duration_ms : '') },
      { header: 'note', get: (s) => s.error ?? s.notes?.join('; ') ?? '' },
    ]),
  )
  const sev = Object.entries(r.summary.findings_by_severity)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')
  out.push(
    '',
    `${r.findings.length} finding(s)${sev ? ` (${sev})` : ''}; ${r.summary.api_calls} API call(s); ${r.summary.duration_ms} ms` +
      (r.llm
        ? `; LLM ${r.llm.provider}/${r.llm.model} ${r.llm.input_tokens}+${r.llm.output_tokens} tokens ≈ $${r.llm.cost_usd}`
        : ''),
  )
  return out.join('\n')
}
