// What a tool call gives back to an agent: the data as structured content and a short summary as text, every string
// made safe (no control character an agent's UI could act on), large reports cut with a note of how to narrow them.
import { toErrorJson, toErrorReport } from '../error-report.js'
import { safeInline, safeText } from '../render/safe-text.js'
import type { RunReport } from '../report/types.js'

export interface ToolResult {
  [key: string]: unknown
  content: { type: 'text'; text: string }[]
  structuredContent?: Record<string, unknown>
  isError?: boolean
}

/** The most a report may weigh as JSON before its findings are cut. */
const maxReportBytes = 200_000

/** Every string of a value with its control characters shown escaped (newlines and tabs kept). */
function safeDeep(value: unknown): unknown {
  if (typeof value === 'string') return safeText(value)
  if (Array.isArray(value)) return value.map(safeDeep)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [safeInline(k), safeDeep(v)]))
  }
  return value
}

export function dataResult(summary: string, data: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: safeText(summary) }], structuredContent: safeDeep(data) as never }
}

/** A run report, its findings cut (most severe kept: they come ranked) when it would be too large. */
export function reportResult(report: RunReport): ToolResult {
  const size = (r: RunReport) => Buffer.byteLength(JSON.stringify(r))
  let shown = report
  let kept = report.findings.length
  while (kept > 0 && size(shown) > maxReportBytes) {
    kept = Math.floor(kept / 2)
    shown = { ...report, findings: report.findings.slice(0, kept) }
  }
  const cut = kept < report.findings.length
  const counts = Object.entries(report.summary.findings_by_severity)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ')
  const lines = [
    `${report.plan.playbook.name} on ${report.plan.environment.name}: ${report.status}, ${report.findings.length} finding(s)${counts ? ` (${counts})` : ''}`,
    ...report.findings.slice(0, 10).map((f) => `- [${f.severity}] ${safeInline(f.title)}`),
    ...(report.findings.length > 10 ? [`- … ${report.findings.length - 10} more in the structured result`] : []),
    ...report.steps
      .filter((s) => s.status === 'failed')
      .map((s) => `step ${s.id} failed: ${safeInline(s.error ?? '')}`),
  ]
  const note = cut
    ? `Only the ${kept} most severe of ${report.findings.length} findings are here: narrow the run (a namespace or region param), or run it from the CLI with --json for all of them.`
    : undefined
  const result = dataResult([...lines, ...(note ? [note] : [])].join('\n'), {
    ...shown,
    ...(note ? { truncated: { findings_total: report.findings.length, findings_shown: kept, note } } : {}),
  })
  // Nothing could be analyzed (the CLI's exit 1): an error to the agent, with the report that says why.
  return report.status === 'failed' ? { ...result, isError: true } : result
}

/** A refusal or failure as the CLI says it: one line, then the fix. Never a stack trace. */
export function errorResult(err: unknown): ToolResult {
  const r = toErrorReport(err)
  const text = `${r.message}${r.hint ? ` — ${r.hint}` : ''}`
  return {
    content: [{ type: 'text', text: safeInline(text) }],
    structuredContent: safeDeep(toErrorJson(err)) as never,
    isError: true,
  }
}
