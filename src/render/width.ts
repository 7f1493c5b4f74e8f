// How many terminal columns text takes: one per character for printable ASCII and the narrow symbols cloudops
// itself prints (dashes, quotes, bullets, arrows, ✓ ✗ ‼, the spinner's braille), else string-width (wide CJK and
// emoji take two, combining marks none), loaded only when other text is printed.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
/** Each of these is one column (test/render/table.test.ts holds them to string-width's answer). */
const ascii =
  /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2713\u2717\u2800-\u28ff]*$/
let measure: ((text: string) => number) | undefined

export function displayWidth(text: string): number {
  if (ascii.test(text)) return text.length
  measure ??= (require('string-width') as typeof import('string-width')).default
  return measure(text)
}

/** The longest start of `text` that fits in `width` columns (never splitting a character). */
export function sliceToWidth(text: string, width: number): string {
  if (ascii.test(text)) return text.slice(0, width)
  let out = ''
  let used = 0
  for (const ch of text) {
    used += displayWidth(ch)
    if (used > width) break
    out += ch
  }
  return out
}
