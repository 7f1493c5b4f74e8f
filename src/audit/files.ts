// The log's files: rotated ones (audit.1.jsonl, audit.2.jsonl, ...) in order, then the live one.
import { existsSync, readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { escapeRegExp } from '../util/escape-regexp.js'

export function rotatedName(log: string, n: number): string {
  return join(dirname(log), basename(log).replace(/(\.jsonl)?$/, `.${n}.jsonl`))
}

export function logFiles(log: string): string[] {
  const dir = dirname(log)
  const stem = basename(log).replace(/\.jsonl$/, '')
  const pattern = new RegExp(`^${escapeRegExp(stem)}\\.(\\d+)\\.jsonl$`)
  const rotated = existsSync(dir)
    ? readdirSync(dir)
        .map((f) => [f, pattern.exec(f)?.[1]] as const)
        .filter((x): x is readonly [string, string] => x[1] !== undefined)
        .sort((a, b) => Number(a[1]) - Number(b[1]))
        .map(([f]) => join(dir, f))
    : []
  return existsSync(log) ? [...rotated, log] : rotated
}
