// Result → text in the chosen format. json/yaml are generic; table/markdown come from the command's renderer.
import { stringify } from 'yaml'
import type { OutputFormat } from '../flags.js'

export type HumanRenderer<R> = (result: R, format: 'table' | 'markdown') => string

export function renderOutput<R>(format: OutputFormat, result: R, human?: HumanRenderer<R>): string {
  let text: string
  if (format === 'json') text = JSON.stringify(result, null, 2)
  else if (format === 'yaml' || !human) text = toYaml(result)
  else text = human(result, format)
  return text.endsWith('\n') ? text : `${text}\n`
}

function toYaml(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false })
}
