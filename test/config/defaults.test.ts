// The defaults cloudops applies are the defaults the schema (and so docs/config.md) states; the reference is
// generated from the schema and is not stale.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configDefaults } from '../../src/config/defaults.js'

const schema = JSON.parse(readFileSync(new URL('../../schemas/config.schema.json', import.meta.url), 'utf8'))

/** Every `default` in the schema, by dotted key. */
function schemaDefaults(node: Record<string, unknown>, path = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (path && node.default !== undefined) out[path] = node.default
  for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    Object.assign(out, schemaDefaults(child, path ? `${path}.${k}` : k))
  }
  return out
}

describe('config defaults', () => {
  it('the schema states exactly the defaults the code applies', () => {
    expect(schemaDefaults(schema)).toEqual(configDefaults)
  })

  it('every key in the schema says what it does', () => {
    const undocumented: string[] = []
    const walk = (node: Record<string, unknown>, path: string) => {
      const n = (node.$ref ? schema.$defs[String(node.$ref).split('/').at(-1) as string] : node) as Record<
        string,
        unknown
      >
      if (path && !n.description && !path.endsWith('<name>')) undocumented.push(path)
      for (const [k, child] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        walk(child, path ? `${path}.${k}` : k)
      }
      if (n.additionalProperties && typeof n.additionalProperties === 'object') {
        walk(n.additionalProperties as Record<string, unknown>, `${path}.<name>`)
      }
    }
    walk(schema, '')
    expect(undocumented).toEqual([])
  })

  it('docs/config.md holds the table generated from the schema (npm run docs)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/reference.js', '--check'], { stdio: 'pipe' })).not.toThrow()
  })
})
