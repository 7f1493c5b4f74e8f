// Run reports for people: the findings first, worst first, each with its evidence and what to look at (what a
// person on call needs); then what ran and what could not; then the one summary line.
import type { Finding, Severity } from '../analyzers/types.js'
import { findingSeverities } from '../analyzers/types.js'
import type { RunReport, StepReport, TargetReport } from '../report/types.js'
import type { Terminal } from './output.js'
import { renderPlan } from './plan.js'
import { safeInline } from './safe-text.js'
import { table } from './table.js'
import { wrapText } from './wrap.js'

const icons: Record<Severity, string> = { critical: '‼', high: '!', medium: '•', low: '·', info: ' ' }

/** Colour by severity and status; every function is the identity when colour is off. */
function severityColour(term: Terminal, s: Severity): (t: string) => string {
  const c = term.colour
  return { critical: (t: string) => c.bold(c.red(t)), high: c.red, medium: c.yellow, low: c.cyan, info: c.dim }[s]
}

function statusColour(term: Terminal, status: string): (t: string) => string {
  const c = term.colour
  if (status === 'ok' || status === 'succeeded') return c.green
  if (status === 'skipped' || status === 'dry_run' || status === 'cancelled') return c.dim
  return c.red
}

/** A finding's evidence as one short line: its first few fields, each value cut to a readable length. */
function evidenceLine(evidence: Record<string, unknown>): string {
  const fields = Object.entries(evidence).filter(([, v]) => v !== undefined && v !== null && v !== '')
  const shown = fields.slice(0, 5).map(([k, v]) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v)
    return `${k}=${text.length > 60 ? `${text.slice(0, 59)}…` : text}`
  })
  return fields.length > shown.length ? `${shown.join(', ')}, +${fields.length - shown.length} more` : shown.join(', ')
}

/** Where a finding is: its target in a fleet run, then the resource and its region. */
const where = (f: Finding) =>
  `${f.target ? `[${f.target}] ` : ''}${f.resource.id}${f.resource.region ? ` (${f.resource.region})` : ''}`

/** Findings of one severity; findings in a row that share a recommendation are followed by it once. */
function severityGroup(findings: Finding[], sev: Severity, term: Terminal): string[] {
  const paint = severityColour(term, sev)
  const dim = term.colour.dim
  const width = term.width
  const out = [paint(`${sev.toUpperCase()} (${findings.length})`)]
  findings.forEach((f, i) => {
    out.push(
      ...wrapText(`${icons[sev]} ${safeInline(where(f))}  ${safeInline(f.title)}`, width, '    ', '  ').map(paint),
    )
    const evidence = evidenceLine(f.evidence)
    if (evidence) out.push(...wrapText(`evidence: ${safeInline(evidence)}`, width, '      ', '    ').map(dim))
    if (findings[i + 1]?.recommendation !== f.recommendation && f.recommendation) {
      out.push(...wrapText(`→ ${safeInline(f.recommendation)}`, width, '      ', '    '))
    }
  })
  return out
}

function markdownFindings(findings: Finding[]): string[] {
  const out: string[] = []
  for (const sev of findingSeverities) {
    const group = findings.filter((f) => f.severity === sev)
    if (group.length === 0) continue
    out.push(`### ${sev} (${group.length})`, '')
    for (const f of group) {
      out.push(`- **${safeInline(where(f))}**: ${safeInline(f.title)}`)
      const evidence = evidenceLine(f.evidence)
      if (evidence) out.push(`  - evidence: ${safeInline(evidence)}`)
      if (f.recommendation) out.push(`  - what to look at: ${safeInline(f.recommendation)}`)
    }
    out.push('')
  }
  return out
}

function stepsTable(steps: StepReport[], format: 'table' | 'markdown', term: Terminal): string {
  return table(
    format,
    steps,
    [
      ...(steps.some((s) => s.target) ? [{ header: 'target', get: (s: StepReport) => s.target ?? '' }] : []),
      { header: 'step', get: (s) => s.id },
      { header: 'action', get: (s) => s.action },
      { header: 'status', get: (s) => s.status, style: (t, s) => statusColour(term, s.status)(t) },
      { header: 'items', get: (s) => (s.status === 'ok' ? s.items : '') },
      { header: 'ms', get: (s) => (s.status === 'ok' || s.status === 'failed' ? s.duration_ms : '') },
      { header: 'note', get: (s) => s.error ?? s.notes?.join('; ') ?? '' },
    ],
    term,
  )
}

/** A fleet run's targets: how each ended, with its findings' count and whose credentials it used. */
function targetsTable(targets: TargetReport[], format: 'table' | 'markdown', term: Terminal): string {
  return table(
    format,
    targets,
    [
      { header: 'target', get: (t) => t.id },
      { header: 'status', get: (t) => t.status, style: (text, t) => statusColour(term, t.status)(text) },
      { header: 'identity', get: (t) => [t.aws_arn, t.kube_user].filter(Boolean).join(', ') },
    ],
    term,
  )
}

function summaryLine(r: RunReport): string {
  const sev = findingSeverities
    .filter((s) => r.summary.findings_by_severity[s])
    .map((s) => `${r.summary.findings_by_severity[s]} ${s}`)
    .join(', ')
  const llm = r.llm
    ? `; LLM ${r.llm.provider}/${r.llm.model} ${r.llm.input_tokens}+${r.llm.output_tokens} tokens ≈ $${r.llm.cost_usd}`
    : ''
  const fleet = r.targets
    ? `; ${r.targets.filter((t) => t.status === 'succeeded').length} of ${r.targets.length} target(s) complete`
    : ''
  return `${r.findings.length} finding(s)${sev ? ` (${sev})` : ''}${fleet}; ${r.summary.api_calls} API call(s); ${r.summary.duration_ms} ms${llm}`
}

export function renderReport(r: RunReport, format: 'table' | 'markdown', term: Terminal): string {
  const p = r.plan
  const out = [
    `${safeInline(p.playbook.name)} on ${safeInline(p.environment.name)}: ${statusColour(term, r.status)(r.status.toUpperCase())} (run ${r.run_id})`,
  ]
  if (r.status === 'dry_run') {
    out.push(
      'Dry run: no cloud API was called. The plan and each step’s policy decision:',
      '',
      renderPlan(p, format, term),
    )
    return out.join('\n')
  }
  if (r.findings.length && format === 'markdown') out.push('', ...markdownFindings(r.findings))
  else if (r.findings.length) {
    for (const sev of findingSeverities) {
      const group = r.findings.filter((f) => f.severity === sev)
      if (group.length) out.push('', ...severityGroup(group, sev, term))
    }
    out.push('', term.colour.dim('Recommendations are text for a person; cloudops changed nothing.'))
  } else if (r.status !== 'denied') {
    out.push('', 'No findings.')
  }
  if (r.targets) out.push('', targetsTable(r.targets, format, term))
  out.push('', stepsTable(r.steps, format, term), '', summaryLine(r))
  return out.join('\n')
}
