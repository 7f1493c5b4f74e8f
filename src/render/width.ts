// How many terminal columns text takes: one per character for printable ASCII (almost every cell), else
// string-width (wide CJK and emoji take two, combining marks none), loaded only when such text is printed.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const ascii = /^[\u0020-\u007e]*$/
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
