// Reads the playbooks shipped in the package once, at build time:
// - dist/shipped-yaml.json: sha256 of each file's text → the parsed document, so running a shipped playbook loads
//   no YAML parser;
// - dist/shipped-checked.json: the sha256 of each one that readPlaybookFile found sound (schema, actions, analyzers,
//   params), so a run checks again only a file that changed since (src/planner/load.ts).
// Run by `npm run build`; a shipped playbook with a problem fails the build, naming it. An edited or user-written file
// has another sha256 and is parsed and checked at run time as before.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readPlaybookFile } from '../dist/planner/load.js'
import { formatProblem } from '../dist/schema/validate-document.js'
import { parseYamlSource } from '../dist/schema/yaml-source.js'
import { sha256Hex } from '../dist/util/hash.js'

const dist = new URL('../dist/', import.meta.url)
// What an earlier build wrote is not consulted by this one.
for (const f of ['shipped-yaml.json', 'shipped-checked.json']) rmSync(new URL(f, dist), { force: true })

const root = new URL('../playbooks/', import.meta.url).pathname
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
const parsed = {}
const checked = []
for (const f of files) {
  const text = readFileSync(join(root, f), 'utf8')
  parsed[sha256Hex(text)] = JSON.stringify(parseYamlSource(text, { fresh: true }).data)
  const result = await readPlaybookFile(join(root, f), 'shipped')
  if (!result.ok) {
    for (const p of result.problems) console.error(`shipped-yaml: ${formatProblem(p)}`)
    process.exit(1)
  }
  checked.push(result.loaded.sha256)
}
writeFileSync(new URL('shipped-yaml.json', dist), JSON.stringify(parsed))
writeFileSync(new URL('shipped-checked.json', dist), `${JSON.stringify(checked)}\n`)
console.error(`shipped-yaml: ${files.length} playbooks pre-parsed and checked`)
