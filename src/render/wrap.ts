// Breaking text into lines that fit a terminal's width (measured in columns, wide characters counted twice).
import { displayWidth, sliceToWidth } from './width.js'

/** Lines of at most `width` columns: breaks at a space where it can, mid-word where a word is longer. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let rest = text
  while (width > 0 && displayWidth(rest) > width) {
    const head = sliceToWidth(rest, width)
    const space = head.lastIndexOf(' ')
    const cut = space > width / 3 ? space : Math.max(1, head.length)
    lines.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut).trimStart()
  }
  lines.push(rest)
  return lines
}

/** `first` + text, wrapped to `width` (none: one line), continuation lines indented by `rest`. */
export function wrapText(text: string, width: number | undefined, rest: string, first = ''): string[] {
  if (width === undefined) return [first + text]
  const head = wrap(text, Math.max(10, width - first.length))[0] ?? ''
  const remaining = text.slice(head.length).trimStart()
  return [first + head, ...(remaining ? wrap(remaining, Math.max(10, width - rest.length)).map((l) => rest + l) : [])]
}
