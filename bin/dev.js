#!/usr/bin/env node
// Development entry point: runs src/ through tsx, without a build. oclif finds each command in its source file
// (src/commands/…) instead of the bundle's list, and does not read the manifest (which names the bundle). tsx is
// registered here, not with `node --import tsx` in the shebang: its loader misreads a file whose shebang has flags.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register()
const { flush, run } = await import('@oclif/core')
const { handleTopLevelError } = await import('../src/top-level-error.ts')
const argv = process.argv.slice(2)
const root = fileURLToPath(new URL('..', import.meta.url))
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif = { ...pjson.oclif, commands: './src/commands', hooks: { command_not_found: './src/hooks/not-found.ts' } }
try {
  await run(argv, { root, pjson, ignoreManifest: true })
  await flush()
} catch (error) {
  handleTopLevelError(error, argv)
}
