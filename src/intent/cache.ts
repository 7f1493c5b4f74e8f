// Accepted parses, cached under $XDG_CACHE_HOME/cloudops/intents/ so asking the same thing twice costs no LLM call.
// The key covers everything that could change the answer; entries hold the intent only (no key, no prompt).
// The cache is an optimisation: a read or write problem is a miss, never a failure.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { canonicalJson, sha256Hex } from '../util/hash.js'

interface CacheKeyParts {
  provider: string
  model: string
  baseURL: string
  promptVersion: string
  schemaSha256: string
  /** Catalogue and environment names: the rest of what the prompt holds. */
  contextSha256: string
  question: string
}

export interface CachedIntent {
  stored_at: string
  model: string
  data: unknown
}

export function normalizeQuestion(q: string): string {
  return q
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?.!]+$/, '')
    .trim()
}

export function cacheKey(parts: CacheKeyParts): string {
  return sha256Hex(canonicalJson({ ...parts, question: normalizeQuestion(parts.question) }))
}

export class IntentCache {
  constructor(
    private readonly dir: string,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now = Date.now()): CachedIntent | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.file(key), 'utf8')) as CachedIntent
      const age = now - Date.parse(entry.stored_at)
      return age >= 0 && age < this.ttlMs ? entry : undefined
    } catch {
      return undefined
    }
  }

  put(key: string, entry: CachedIntent): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 })
      const tmp = `${this.file(key)}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 })
      renameSync(tmp, this.file(key))
    } catch {
      // A read-only or full cache directory only costs the next call.
    }
  }

  private file(key: string): string {
    return join(this.dir, `${key}.json`)
  }
}
