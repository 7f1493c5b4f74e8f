// Result → text in the chosen format. json/yaml are generic; table/markdown come from the command's renderer.
// Nothing from outside can drive the terminal in any format: JSON and YAML escape what a terminal may interpret
// (the value stays exact), human formats show it escaped (safe-text.ts).
import { createRequire } from 'node:module'
import type { Colors } from 'picocolors/types.js'
import { hasUnsafe, safeJson } from './safe-text.js'

/** Where human output goes: colours (all no-ops when off) and the terminal's width (none in a pipe). */
export interface Terminal {
  colour: Colors
  width?: number
}

export type HumanRenderer<R> = (result: R, format: 'table' | 'markdown', term: Terminal) => string

export function renderOutput<R>(format: OutputFormat, result: R, term: Terminal, human?: HumanRenderer<R>): string {
  let text: string
  if (format === 'json') text = toJson(result)
  else if (format === 'yaml' || !human) text = toYaml(result)
  else text = human(result, format, term)
  return text.endsWith('\n') ? text : `${text}\n`
}

export const outputFormats = ['table', 'json', 'yaml', 'markdown'] as const
export type OutputFormat = (typeof outputFormats)[number]

/** Pretty JSON with DEL, C1 and bidi controls \u-escaped (JSON.stringify escapes C0 itself). */
export function toJson(value: unknown, indent = 2): string {
  return safeJson(JSON.stringify(value, null, indent))
}

const require = createRequire(import.meta.url)

/** yaml is loaded only when YAML is printed: most commands never pay for it. */
function toYaml(value: unknown): string {
  const { Document, visit } = require('yaml') as typeof import('yaml')
  const doc = new Document(value, { aliasDuplicateObjects: false })
  // A string a terminal could act on is written double-quoted, where every such character is an escape.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasUnsafe(node.value)) node.type = 'QUOTE_DOUBLE'
    },
  })
  return safeJson(doc.toString())
}
