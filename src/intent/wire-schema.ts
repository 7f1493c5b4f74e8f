// The intent schema as each provider's structured-output feature wants it. The answer is still validated against
// schemas/intent.schema.json afterwards: these shapes only steer the model, they are never trusted.
import { loadSchema } from '../schema/validator.js'

type JsonSchema = Record<string, unknown>

/** Keywords OpenAI's strict mode rejects; dropping them loosens only the steering, not our validation. */
const strictUnsupported = ['minimum', 'maximum', 'minLength', 'maxLength', 'propertyNames', 'format']

let toolSchema: JsonSchema | undefined

/** The intent schema without its meta keys or the free-form filters map (no playbook reads filters). Read once. */
export function toolInputSchema(): JsonSchema {
  if (!toolSchema) {
    const { $schema: _s, $id: _i, title: _t, ...schema } = loadSchema('intent')
    toolSchema = dropFilters(schema)
  }
  return structuredClone(toolSchema)
}

function dropFilters(schema: JsonSchema): JsonSchema {
  const copy = structuredClone(schema)
  const target = (copy.properties as Record<string, JsonSchema>).target as { properties: Record<string, unknown> }
  delete target.properties.filters
  return copy
}

/** OpenAI strict mode: every property required, optional ones nullable, additionalProperties false everywhere. */
export function strictOutputSchema(): JsonSchema {
  return strictify(toolInputSchema())
}

function strictify(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {}
  for (const [k, v] of Object.entries(schema)) if (!strictUnsupported.includes(k)) out[k] = v
  if (out.type === 'object' && out.properties) {
    const props = out.properties as Record<string, JsonSchema>
    const required = new Set((out.required as string[] | undefined) ?? [])
    out.properties = Object.fromEntries(
      Object.entries(props).map(([name, sub]) => {
        const strict = strictify(sub)
        return [name, required.has(name) ? strict : nullable(strict)]
      }),
    )
    out.required = Object.keys(props)
    out.additionalProperties = false
  }
  return out
}

function nullable(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null] }
  if (schema.type === 'object') return { anyOf: [schema, { type: 'null' }] }
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] }
  return schema
}

/** Strict mode answers null for "absent": drop exactly those keys, and nothing else, before validation. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    )
  }
  return value
}
