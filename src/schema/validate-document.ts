// Validate a YAML or JSON document against one of our schemas, with problems that name the file and line.
import { readFileSync } from 'node:fs'
import { UsageError } from '../errors.js'
import { schemaProblems, validatorFor } from './validator.js'
import { parseYamlSource, YamlSyntaxError } from './yaml-source.js'

export interface DocumentProblem {
  file: string
  line?: number
  message: string
}

type Validated<T> = { ok: true; value: T } | { ok: false; problems: DocumentProblem[] }

/** Parse text (YAML is a superset of JSON) and check it against schemas/<schema>.schema.json. */
export function validateDocument<T>(text: string, file: string, schema: string): Validated<T> {
  let source: ReturnType<typeof parseYamlSource>
  try {
    source = parseYamlSource(text)
  } catch (err) {
    if (err instanceof YamlSyntaxError) return { ok: false, problems: [{ file, line: err.line, message: err.message }] }
    throw err
  }
  const validate = validatorFor(schema)
  const data = source.data ?? {}
  if (validate(data)) return { ok: true, value: data as T }
  const problems = schemaProblems(validate).map((p) => ({ file, line: source.lineOf(p.path), message: p.message }))
  return { ok: false, problems }
}

export function formatProblem(p: DocumentProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`
}

/** Read and validate, or throw a UsageError (exit 2) naming the first problem; all problems go in details. */
export function readValidatedFile<T>(file: string, schema: string, hint: string): T {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`, { hint })
  }
  const result = validateDocument<T>(text, file, schema)
  if (result.ok) return result.value
  const [first, ...rest] = result.problems
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''
  throw new UsageError(`${formatProblem(first as DocumentProblem)}${more}`, {
    hint,
    details: { problems: result.problems },
  })
}
