// YAML parsed with source positions, so a validation error can name the line a person must fix. The playbooks
// shipped in the package are parsed at build time (dist/shipped-yaml.json, keyed by the sha256 of their text), so
// the common case loads no YAML parser at all; positions are then computed only if an error needs a line.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Node } from 'yaml'
import { sha256Hex } from '../util/hash.js'

const require = createRequire(import.meta.url)
let shipped: Record<string, string> | null | undefined

function preparsed(text: string): unknown {
  if (shipped === undefined) {
    try {
      shipped = JSON.parse(readFileSync(new URL('../../dist/shipped-yaml.json', import.meta.url), 'utf8'))
    } catch {
      shipped = null
    }
  }
  const json = shipped?.[sha256Hex(text)]
  return json === undefined ? undefined : JSON.parse(json)
}

interface YamlSource {
  data: unknown
  /** 1-based line of the node at a JSON-pointer-like path (["rules", "0", "match"]), or of its nearest parent. */
  lineOf(path: readonly string[]): number | undefined
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message)
  }
}

export function parseYamlSource(text: string, opts: { fresh?: boolean } = {}): YamlSource {
  const data = opts.fresh ? undefined : preparsed(text)
  if (data !== undefined) {
    let full: YamlSource | undefined
    const lineOf = (path: readonly string[]) => {
      full ??= parseYamlSource(text, { fresh: true })
      return full.lineOf(path)
    }
    return { data, lineOf }
  }
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = require('yaml') as typeof import('yaml')
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const first = doc.errors[0]
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line
    throw new YamlSyntaxError(first.message.split('\n')[0] ?? 'invalid YAML', line)
  }
  const lineAt = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined)

  let js: unknown
  try {
    js = doc.toJS({ maxAliasCount: 50 })
  } catch (err) {
    // The yaml package refuses alias expansion past the limit (a "billion laughs" document): the file's problem.
    if (err instanceof ReferenceError) {
      throw new YamlSyntaxError('too many YAML aliases (* references) to expand; write the values out', undefined)
    }
    throw err
  }
  return {
    data: js,
    lineOf(path) {
      let node: unknown = doc.contents
      let line = lineAt(doc.contents as Node)
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)
          if (!pair) break
          line = lineAt(pair.key as Node) ?? line
          node = pair.value
        } else if (isSeq(node)) {
          node = node.items[Number(key)]
          line = lineAt(node as Node) ?? line
        } else break
      }
      return line
    },
  }
}
