// The CLI tests run bin/run.cjs, which loads dist/. When dist/ was built from other sources than the working
// tree's (or not at all), build first: a change in src/ must never pass against stale output.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
// @ts-expect-error plain JS build script, no types
import { sourceHash, stampFile } from '../scripts/source-hash.js'

function builtFrom(): string | undefined {
  try {
    return readFileSync(stampFile, 'utf8').trim()
  } catch {
    return undefined
  }
}

export default function setup() {
  if (builtFrom() === sourceHash()) return
  process.stderr.write('dist/ is older than the sources: running `npm run build` first\n')
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'inherit', 'inherit'] })
}
