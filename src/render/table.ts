// Plain-text and markdown tables. Every cell is made safe for a terminal (safe-text.ts); text tables fit the
// terminal's width when there is one: the last column wraps, wider ones are cut with "…"; colour comes last, so it
// never counts as width.
import { safeInline } from './safe-text.js'
import { displayWidth, sliceToWidth } from './width.js'
import { wrap } from './wrap.js'

interface Column<R> {
  header: string
  get: (row: R) => string | number | boolean | undefined | null
  /** Colour for a text table's cell, given its (already safe, padded) text. */
  style?: (text: string, row: R) => string
}

interface Layout {
  /** The terminal's width in columns; none in a pipe (nothing is cut there). */
  width?: number
}

const gap = '  '
/** A cut column keeps at least this much; the wrapped last column at least 20. */
const minCut = 8
const minLast = 20

const cell = (v: unknown) => safeInline(v === undefined || v === null ? '' : String(v))

/** Column widths that fit `limit`: the last column first gives way (it wraps), then the widest others (cut). */
function fitWidths(natural: number[], limit: number | undefined): number[] {
  const widths = [...natural]
  const total = () => widths.reduce((a, b) => a + b, 0) + gap.length * (widths.length - 1)
  if (limit === undefined || total() <= limit) return widths
  const last = widths.length - 1
  widths[last] = Math.max(Math.min(natural[last] ?? 0, minLast), (widths[last] ?? 0) - (total() - limit))
  while (total() > limit) {
    let widest = -1
    for (let i = 0; i < last; i++)
      if ((widths[i] ?? 0) > minCut && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i
    if (widest < 0) break
    widths[widest] = Math.max(minCut, (widths[widest] ?? 0) - (total() - limit))
  }
  return widths
}

const cut = (text: string, width: number) => (displayWidth(text) <= width ? text : `${sliceToWidth(text, width - 1)}…`)
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)))

function textTable<R>(rows: readonly R[], columns: readonly Column<R>[], layout: Layout): string {
  const headers = columns.map((c) => c.header.toUpperCase())
  const body = rows.map((r) => columns.map((c) => cell(c.get(r))))
  const natural = headers.map((h, i) => Math.max(displayWidth(h), ...body.map((row) => displayWidth(row[i] ?? ''))))
  const widths = fitWidths(natural, layout.width)
  const last = columns.length - 1
  const render = (cells: string[], row?: R) => {
    const wrapped = wrap(cells[last] ?? '', widths[last] ?? 0)
    const lead = cells.slice(0, last).map((c, i) => {
      const text = pad(cut(c, widths[i] ?? 0), widths[i] ?? 0)
      const style = columns[i]?.style
      return row !== undefined && style ? style(text, row) : text
    })
    const indent = ' '.repeat(widths.slice(0, last).reduce((a, w) => a + w + gap.length, 0))
    const lastStyle = columns[last]?.style
    const tail = (t: string) => (row !== undefined && lastStyle ? lastStyle(t, row) : t)
    return [
      [...lead, tail(wrapped[0] ?? '')].join(gap).trimEnd(),
      ...wrapped.slice(1).map((l) => `${indent}${tail(l)}`),
    ].join('\n')
  }
  return [render(headers), ...body.map((cells, i) => render(cells, rows[i]))].join('\n')
}

function markdownTable<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|')
  const head = `| ${columns.map((c) => esc(c.header)).join(' | ')} |`
  const rule = `| ${columns.map(() => '---').join(' | ')} |`
  const body = rows.map((r) => `| ${columns.map((c) => esc(cell(c.get(r)))).join(' | ')} |`)
  return [head, rule, ...body].join('\n')
}

export function table<R>(
  format: 'table' | 'markdown',
  rows: readonly R[],
  columns: readonly Column<R>[],
  layout: Layout = {},
): string {
  return format === 'markdown' ? markdownTable(rows, columns) : textTable(rows, columns, layout)
}
