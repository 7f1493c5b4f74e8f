// Plain-text and markdown tables: aligned columns, no colours, no dependencies.
interface Column<R> {
  header: string
  get: (row: R) => string | number | boolean | undefined | null
}

const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v))

function textTable<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const body = rows.map((r) => columns.map((c) => cell(c.get(r))))
  const headers = columns.map((c) => c.header.toUpperCase())
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(headers), ...body.map(line)].join('\n')
}

function markdownTable<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ')
  const head = `| ${columns.map((c) => esc(c.header)).join(' | ')} |`
  const rule = `| ${columns.map(() => '---').join(' | ')} |`
  const body = rows.map((r) => `| ${columns.map((c) => esc(cell(c.get(r)))).join(' | ')} |`)
  return [head, rule, ...body].join('\n')
}

export function table<R>(format: 'table' | 'markdown', rows: readonly R[], columns: readonly Column<R>[]): string {
  return format === 'markdown' ? markdownTable(rows, columns) : textTable(rows, columns)
}
