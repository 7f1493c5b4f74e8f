// Validate a YAML or JSON document against one of our schemas, with problems that name the file and line.
import { readFileSync } from 'node:fs'
import { UsageError } from '../errors.js'
import { cachedParse, rememberParse } from './parsed-cache.js'
import { schemaProblems, validatorFor } from './validator.js'
import { parseYamlSource, YamlSyntaxError } from './yaml-source.js'

export interface DocumentProblem {
  file: string
  line?: number
  message: string
}

type Validated<T> = { ok: true; value: T } | { ok: false; problems: DocumentProblem[] }

/**
 * Parse text (YAML is a superset of JSON) and check it against schemas/<schema>.schema.json. With `cacheDir`, an
 * unchanged file's last parse is read from there (parsed-cache.ts), and checked again all the same.
 */
export function validateDocument<T>(text: string, file: string, schema: string, cacheDir?: string): Validated<T> {
  const validate = validatorFor(schema)
  const cached = cacheDir === undefined ? undefined : cachedParse(cacheDir, file, text)
  if (cached !== undefined && validate(cached)) return { ok: true, value: cached as T }
  let source: ReturnType<typeof parseYamlSource>
  try {
    source = parseYamlSource(text)
  } catch (err) {
    if (err instanceof YamlSyntaxError) return { ok: false, problems: [{ file, line: err.line, message: err.message }] }
    throw err
  }
  const data = source.data ?? {}
  if (validate(data)) {
    if (cacheDir !== undefined) rememberParse(cacheDir, file, text, data)
    return { ok: true, value: data as T }
  }
  const problems = schemaProblems(validate).map((p) => ({ file, line: source.lineOf(p.path), message: p.message }))
  return { ok: false, problems }
}

export function formatProblem(p: DocumentProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`
}

/** Read and validate, or throw a UsageError (exit 2) naming the first problem; all problems go in details. */
export function readValidatedFile<T>(file: string, schema: string, hint: string, cacheDir?: string): T {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`, { hint })
  }
  const result = validateDocument<T>(text, file, schema, cacheDir)
  if (result.ok) return result.value
  const [first, ...rest] = result.problems
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''
  throw new UsageError(`${formatProblem(first as DocumentProblem)}${more}`, {
    hint,
    details: { problems: result.problems },
  })
}
