// `config set` / `config unset`: change one dotted key, keep the user's comments, validate before anything is written.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type Document, isAlias, isCollection, isScalar, parse, parseDocument } from 'yaml'
import { UsageError } from '../errors.js'
import { formatProblem, validateDocument } from '../schema/validate-document.js'

/** "0.8" → 0.8, "[us-east-1, eu-west-1]" → a list, "true" → true; anything else stays a string. */
function parseValue(raw: string): unknown {
  try {
    return parse(raw)
  } catch {
    return raw
  }
}

function splitKey(key: string): string[] {
  const parts = key.split('.')
  if (parts.some((p) => p === '')) {
    throw new UsageError(`invalid key "${key}"`, {
      hint: 'Use a dotted path such as llm.provider or environments.prod.aws.regions.',
    })
  }
  return parts
}

function readDocument(file: string): Document {
  const doc: Document = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : '')
  if (doc.errors.length) {
    throw new UsageError(`${file} is not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`, {
      hint: `Fix ${file} by hand first.`,
    })
  }
  return doc
}

/** Validate the edited document and replace the file with it (a temp file and a rename, mode 0600). */
function writeDocument(file: string, doc: Document, verb: 'set' | 'unset'): void {
  const text = doc.toString()
  const checked = validateDocument(text, file, 'config')
  if (!checked.ok) {
    throw new UsageError(`not ${verb}: ${formatProblem(checked.problems[0] as never)}`, {
      hint: 'Every key, its type and default are in docs/config.md; `cloudops config show` shows what is set now.',
      details: { problems: checked.problems },
    })
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text, { mode: 0o600 })
  renameSync(tmp, file)
  chmodSync(file, 0o600)
}

/**
 * Make each section on the way to a key its own, so the edit lands there and only there: an alias (`dev: *prod`) is
 * replaced by a copy of what it names (setting dev's context must not change prod's), an empty section by a map.
 */
function ownSections(doc: Document, path: string[], key: string): void {
  for (let i = 1; i < path.length; i++) {
    const at = path.slice(0, i)
    let node = doc.getIn(at, true)
    if (isAlias(node)) {
      node = (node.resolve(doc) as { clone(): unknown } | undefined)?.clone()
      doc.setIn(at, node)
    }
    if (node === undefined || isCollection(node)) continue
    if (isScalar(node) && (node.value === null || node.value === '')) doc.setIn(at, doc.createNode({}))
    else
      throw new UsageError(`cannot set ${key}: ${at.join('.')} is a value, not a section`, {
        hint: `Unset ${at.join('.')} first, or set it as a whole; docs/config.md lists every key.`,
      })
  }
}

export function setConfigValue(file: string, key: string, raw: string): void {
  const path = splitKey(key)
  const doc = readDocument(file)
  if (doc.contents === null) doc.contents = doc.createNode({})
  ownSections(doc, path, key)
  doc.setIn(path, parseValue(raw))
  writeDocument(file, doc, 'set')
}

/** Remove one key; a key that is not there is a usage error that says so (nothing is written). */
export function unsetConfigValue(file: string, key: string): void {
  const path = splitKey(key)
  const doc = readDocument(file)
  if (!doc.hasIn(path)) {
    throw new UsageError(`${key} is not set in ${file}`, { hint: 'See what is set with `cloudops config show`.' })
  }
  ownSections(doc, path, key)
  doc.deleteIn(path)
  writeDocument(file, doc, 'unset')
}

/** One key of the config in force, or undefined; own properties only (no `constructor` from a prototype). */
export function configValue(config: unknown, key: string): unknown {
  let node: unknown = config
  for (const part of splitKey(key)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}
