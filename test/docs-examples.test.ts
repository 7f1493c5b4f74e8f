// Every cloudops command line in the README and docs/ can be pasted as it is: a real command, its real flags (see
// support/command-line.ts), checked without servers. test/integration/examples.test.ts runs the blocks; the README's
// "Try it" and "Using it" blocks are run in the sandbox by test/journeys/sandbox.test.ts.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { problem } from './support/command-line.js'

const root = new URL('..', import.meta.url)
const docs = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]

/** The lines of a document's sh code blocks that run cloudops, as a user would paste them. */
function commandLines(file: string): string[] {
  const text = readFileSync(new URL(file, root), 'utf8')
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => (m[1] ?? '').split('\n'))
    .map((l) => l.trim().replace(/^npx /, ''))
    .filter((l) => l.startsWith('cloudops '))
}

const lines = docs.flatMap((file) => commandLines(file).map((line) => [file, line] as const))

describe('cloudops lines in the docs', () => {
  it('there are some to check', () => {
    expect(lines.length).toBeGreaterThan(15)
  })

  it.each(lines)('%s: %s', (_file, line) => {
    expect(problem(line)).toBeUndefined()
  })
})
