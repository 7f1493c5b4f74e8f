// JSON Schema validation with ajv in strict mode. Schemas live in schemas/ at the package root. The build
// precompiles every known schema, one file each (dist/validators/<key>.cjs); ajv's compiler is loaded only for a
// schema it has not seen, so start-up never pays for it.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { ajvOptions, schemaKey } from './precompiled.js'

const require = createRequire(import.meta.url)

const schemasDir = new URL('../../schemas/', import.meta.url)

let ajv: Ajv2020 | undefined
const compiled = new Map<string, ValidateFunction>()
const precompiledDir = new URL('../../dist/validators/', import.meta.url)

function instance(): Ajv2020 {
  if (!ajv) {
    const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')
    const addFormats = require('ajv-formats') as (a: Ajv2020) => Ajv2020
    ajv = addFormats(new Ajv(ajvOptions))
  }
  return ajv
}

/** The build's validator for exactly this schema (its file is named by the schema's content), else a fresh compile. */
function compile(schema: Record<string, unknown>): ValidateFunction {
  const file = new URL(`${schemaKey(schema)}.cjs`, precompiledDir)
  return existsSync(file) ? (require(fileURLToPath(file)) as ValidateFunction) : instance().compile(schema)
}

export function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, schemasDir), 'utf8'))
}

/** The compiled validator for schemas/<name>.schema.json. */
export function validatorFor(name: string): ValidateFunction {
  let validate = compiled.get(name)
  if (!validate) {
    validate = compile(loadSchema(name))
    compiled.set(name, validate)
  }
  return validate
}

interface SchemaProblem {
  /** Path to the offending value, e.g. ["environments", "prod", "aws"]. */
  path: string[]
  message: string
}

function pointerToPath(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function describe(error: ErrorObject): SchemaProblem {
  const path = pointerToPath(error.instancePath)
  const where = path.length ? path.join('.') : 'the top level'
  const p = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        path: [...path, String(p.additionalProperty)],
        message: `unknown key "${p.additionalProperty}" in ${where}`,
      }
    case 'required':
      return { path, message: `missing required key "${p.missingProperty}" in ${where}` }
    case 'enum':
      return { path, message: `${where} must be one of: ${(p.allowedValues as unknown[]).join(', ')}` }
    case 'const':
      return { path, message: `${where} must be ${JSON.stringify(p.allowedValue)}` }
    default:
      return { path, message: `${where} ${error.message ?? 'is invalid'}` }
  }
}

/** Readable problems, most specific first, without ajv's duplicate noise from anyOf/oneOf branches. */
export function schemaProblems(validate: ValidateFunction): SchemaProblem[] {
  const seen = new Set<string>()
  const out: SchemaProblem[] = []
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue
    const problem = describe(error)
    if (seen.has(problem.message)) continue
    seen.add(problem.message)
    out.push(problem)
  }
  return out
}

const compiledObjects = new WeakMap<object, ValidateFunction>()

/** The compiled validator for an in-code schema (an action's params, an analyzer's options). */
export function validatorForObject(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiledObjects.get(schema)
  if (!validate) {
    validate = compile(schema)
    compiledObjects.set(schema, validate)
  }
  return validate
}
