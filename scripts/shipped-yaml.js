// Parses the playbooks shipped in the package once, at build time, into dist/shipped-yaml.json (sha256 of the text →
// the parsed document), so running a shipped playbook loads no YAML parser. Run by `npm run build`; an edited or
// user-written file has another sha256 and is parsed at run time as before.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseYamlSource } from '../dist/schema/yaml-source.js'
import { sha256Hex } from '../dist/util/hash.js'

const root = new URL('../playbooks/', import.meta.url).pathname
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => /\.ya?ml$/.test(f))
const out = {}
for (const f of files) {
  const text = readFileSync(join(root, f), 'utf8')
  out[sha256Hex(text)] = JSON.stringify(parseYamlSource(text, { fresh: true }).data)
}
writeFileSync(new URL('../dist/shipped-yaml.json', import.meta.url), JSON.stringify(out))
console.error(`shipped-yaml: ${files.length} playbooks pre-parsed`)
