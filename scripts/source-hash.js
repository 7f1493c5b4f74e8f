// The hash of everything `npm run build` reads. The build writes it to dist/.source-hash as its last step, and the
// tests compare it before they run the CLI from dist/, so they can never pass against output older than src/.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const inputs = [
  'src',
  'schemas',
  'playbooks',
  'data',
  'bin',
  'scripts',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
]
export const stampFile = join(root, 'dist', '.source-hash')

function files(path) {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)))
}

export function sourceHash() {
  const hash = createHash('sha256')
  for (const file of inputs.flatMap((p) => files(join(root, p)))) {
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0')
  }
  return hash.digest('hex')
}

if (process.argv[2] === '--write') {
  writeFileSync(stampFile, `${sourceHash()}\n`)
  console.error('source-hash: dist/ stamped')
}
