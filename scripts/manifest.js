// Writes oclif.manifest.json from the built commands, so oclif never imports every command to read its flags.
// Run by `npm run build` (and so by `npm install`'s prepare): the manifest can never be older than dist/.
import { readFileSync, writeFileSync } from 'node:fs'
import { Plugin } from '@oclif/core'
import { commandFiles } from './bundle.js'

const root = new URL('..', import.meta.url).pathname
// From tsc's dist/commands, found the way oclif finds files: the bundle's COMMANDS are stand-ins that load their
// class only to run it (scripts/bundle.js), and the manifest needs each class's flags, args and texts.
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif.commands = './dist/commands'
delete pjson.oclif.hooks
const plugin = new Plugin({
  root,
  pjson,
  isRoot: true,
  type: 'core',
  ignoreManifest: true,
  errorOnManifestCreate: true,
})
await plugin.load()
if (!plugin.valid || plugin.commandIDs.length === 0) {
  console.error('manifest: no commands found under dist/commands; did the TypeScript build run?')
  process.exit(1)
}
// In one order whatever the file system's (oclif lists the directory as it comes): what is generated from the
// manifest (README's exit codes) must not change with the checkout.
const order = commandFiles().map((c) => c.id)
const commands = Object.entries(plugin.manifest.commands).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
const manifest = { ...plugin.manifest, commands: Object.fromEntries(commands) }
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`)
console.error(`manifest: ${plugin.commandIDs.length} commands`)
