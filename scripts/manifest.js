// Writes oclif.manifest.json from the built commands, so oclif never imports every command to read its flags.
// Run by `npm run build` (and so by `npm install`'s prepare): the manifest can never be older than dist/.
import { writeFileSync } from 'node:fs'
import { Plugin } from '@oclif/core'

const root = new URL('..', import.meta.url).pathname
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true })
await plugin.load()
if (!plugin.valid || plugin.commandIDs.length === 0) {
  console.error('manifest: no commands found under dist/commands; did the TypeScript build run?')
  process.exit(1)
}
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), `${JSON.stringify(plugin.manifest, null, 2)}\n`)
console.error(`manifest: ${plugin.commandIDs.length} commands`)
