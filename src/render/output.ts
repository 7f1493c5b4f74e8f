// Result → text in the chosen format. json/yaml are generic; table/markdown come from the command's renderer.
import { createRequire } from 'node:module'

export type HumanRenderer<R> = (result: R, format: 'table' | 'markdown') => string

export function renderOutput<R>(format: OutputFormat, result: R, human?: HumanRenderer<R>): string {
  let text: string
  if (format === 'json') text = JSON.stringify(result, null, 2)
  else if (format === 'yaml' || !human) text = toYaml(result)
  else text = human(result, format)
  return text.endsWith('\n') ? text : `${text}\n`
}

export const outputFormats = ['table', 'json', 'yaml', 'markdown'] as const
export type OutputFormat = (typeof outputFormats)[number]

const require = createRequire(import.meta.url)

/** yaml is loaded only when YAML is printed: most commands never pay for it. */
function toYaml(value: unknown): string {
  const { stringify } = require('yaml') as typeof import('yaml')
  return stringify(value, { aliasDuplicateObjects: false })
}
