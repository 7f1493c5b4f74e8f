// RFC 8785 canonical JSON and SHA-256: what plans, policies and audit records are hashed with.
import * as canonicalizeModule from 'canonicalize'

// A CommonJS module whose typings declare a default export; under NodeNext the function is `.default`.
const canonicalize = canonicalizeModule.default as unknown as (input: unknown) => string | undefined

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value)
  if (text === undefined) throw new Error('value has no JSON representation')
  return text
}

// node:crypto costs ~5 ms to load: taken at the first hash, not by every module that can hash (the MCP server's
// answer to `initialize` needs none).
let crypto: typeof import('node:crypto') | undefined

export function sha256Hex(data: string | Uint8Array): string {
  crypto ??= process.getBuiltinModule('node:crypto')
  return crypto.createHash('sha256').update(data).digest('hex')
}
