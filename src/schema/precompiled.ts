// What the build (scripts/validators.js) and the runtime agree on: ajv's options, and the name a schema's
// precompiled validator is exported under (from the schema's content, so an edited schema is never matched
// to an old validator).
import { canonicalJson, sha256Hex } from '../util/hash.js'

export const ajvOptions = { strict: true, allErrors: true, allowUnionTypes: true } as const

export function schemaKey(schema: object): string {
  return `v${sha256Hex(canonicalJson(schema)).slice(0, 40)}`
}
