// `npm run docs`: the reference tables that come from the schemas, written into docs/config.md between its
// BEGIN/END markers, so they cannot drift from what cloudops validates. `--check` writes nothing and exits 1 when the
// file is stale (the test suite runs it).
import { readFileSync, writeFileSync } from 'node:fs'

const root = new URL('..', import.meta.url).pathname
const schema = JSON.parse(readFileSync(`${root}schemas/config.schema.json`, 'utf8'))

const resolve = (node) => (node?.$ref ? schema.$defs[node.$ref.split('/').at(-1)] : node)

function typeOf(node) {
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(' \\| ')
  if (node.type === 'array') return `list of ${typeOf(resolve(node.items))}`
  const range = [
    node.minimum !== undefined ? `≥ ${node.minimum}` : node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : '',
    node.maximum !== undefined ? `≤ ${node.maximum}` : '',
  ].filter(Boolean)
  return `${node.type ?? 'object'}${range.length ? ` (${range.join(', ')})` : ''}`
}

/** One row a key, depth first; `environments.<name>` stands for any environment's name. */
function rows(node, path) {
  const n = resolve(node)
  const out = []
  if (path) out.push(`| \`${path}\` | ${typeOf(n)} | ${n.default !== undefined ? `\`${n.default}\`` : ''} | ${n.description ?? ''} |`)
  for (const [key, child] of Object.entries(n.properties ?? {})) out.push(...rows(child, path ? `${path}.${key}` : key))
  if (n.additionalProperties && typeof n.additionalProperties === 'object') {
    out.push(...rows(n.additionalProperties, `${path}.<name>`))
  }
  return out
}

const table = ['| key | type | default | what it does |', '| --- | --- | --- | --- |', ...rows(schema, '')].join('\n')
const file = `${root}docs/config.md`
const text = readFileSync(file, 'utf8')
const begin = '<!-- BEGIN config keys (npm run docs) -->'
const end = '<!-- END config keys -->'
const from = text.indexOf(begin)
const to = text.indexOf(end)
if (from < 0 || to < from) {
  process.stderr.write(`docs/config.md has no ${begin} … ${end} section\n`)
  process.exit(1)
}
const next = `${text.slice(0, from)}${begin}\n${table}\n${text.slice(to)}`
if (process.argv.includes('--check')) {
  if (next !== text) {
    process.stderr.write('docs/config.md is stale: run `npm run docs` and commit it\n')
    process.exit(1)
  }
} else {
  writeFileSync(file, next)
}
