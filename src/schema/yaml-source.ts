// YAML parsed with source positions, so a validation error can name the line a person must fix.
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'

export interface YamlSource {
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

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const first = doc.errors[0]
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line
    throw new YamlSyntaxError(first.message.split('\n')[0] ?? 'invalid YAML', line)
  }
  const lineAt = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined)

  return {
    data: doc.toJS({ maxAliasCount: 50 }),
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
