// Renders the help once, at build time, so bin/run.cjs can print it without loading oclif, as it does for --version:
// the root help (`cloudops --help`) into dist/help.txt, and each visible command's and topic's (`cloudops audit
// verify --help`) into dist/help.json, by id. Run by `npm run build` after the manifest; 80 columns, no colour.
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'

const bin = new URL('../bin/run.cjs', import.meta.url).pathname
const render = async (args) =>
  (
    await promisify(execFile)(process.execPath, [bin, ...args], {
      env: { ...process.env, CLOUDOPS_NO_FAST_PATH: '1', COLUMNS: '80', NO_COLOR: '1', OCLIF_COLUMNS: '' },
      encoding: 'utf8',
    })
  ).stdout

const { commands } = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'))
const ids = Object.values(commands)
  .filter((c) => !c.hidden && !c.hasDynamicHelp)
  .map((c) => c.id)
const topics = [...new Set(ids.filter((id) => id.includes(':')).map((id) => id.split(':')[0]))]
const all = [...ids, ...topics]

writeFileSync(new URL('../dist/help.txt', import.meta.url), await render(['--help']))
const texts = {}
// Four at a time: each is a whole CLI start.
for (let i = 0; i < all.length; i += 4) {
  const batch = all.slice(i, i + 4)
  const out = await Promise.all(batch.map((id) => render([...id.split(':'), '--help'])))
  batch.forEach((id, j) => {
    texts[id] = out[j]
  })
}
writeFileSync(new URL('../dist/help.json', import.meta.url), JSON.stringify(texts))
console.error(`help: root help, and ${ids.length} commands' and ${topics.length} topics' help rendered`)
