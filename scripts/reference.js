// `npm run docs`: the reference tables that come from the schemas, written into docs/*.md between BEGIN/END markers,
// so they cannot drift from what cloudops validates; and the README's exit codes, whose "commands" column comes from
// each command's declared exitCodes (in oclif.manifest.json, which the build writes). `--check` writes nothing and exits 1 when a file is stale (the
// test suite runs it).
import { readFileSync, writeFileSync } from 'node:fs'

const root = new URL('..', import.meta.url).pathname
/** Each generated table: the schema it comes from, the doc it goes into, and the name of its marked section. */
const targets = [
  { schema: 'config', doc: 'docs/config.md', section: 'config keys' },
  { schema: 'playbook', doc: 'docs/playbooks.md', section: 'playbook fields' },
  { schema: 'policy', doc: 'docs/policy.md', section: 'policy fields' },
  { doc: 'README.md', section: 'exit codes' },
]

function tableOf(schema) {
  const resolve = (node) =>
    node?.$ref ? { ...schema.$defs[node.$ref.split('/').at(-1)], ...node, $ref: undefined } : node
  const typeOf = (node) => {
    const n = resolve(node)
    if (n.const !== undefined) return `\`${n.const}\``
    if (n.enum) return n.enum.map((v) => `\`${v}\``).join(' \\| ')
    if (n.type === 'array') return `list of ${typeOf(n.items ?? {})}`
    const range = [
      n.minimum !== undefined ? `≥ ${n.minimum}` : n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : '',
      n.maximum !== undefined ? `≤ ${n.maximum}` : '',
    ].filter(Boolean)
    const type = Array.isArray(n.type) ? n.type.join(' or ') : (n.type ?? 'object')
    return `${type}${range.length ? ` (${range.join(', ')})` : ''}`
  }
  /** One row a field, depth first: `steps[].id` for a list's items, `params.<name>` for a map's values. */
  const rows = (node, path, required) => {
    const n = resolve(node)
    const out = []
    if (path) {
      const def =
        n.default !== undefined ? `\`${JSON.stringify(n.default).replaceAll('"', '')}\`` : required ? 'required' : ''
      out.push(`| \`${path}\` | ${typeOf(n)} | ${def} | ${(n.description ?? '').replaceAll('|', '\\|')} |`)
    }
    for (const [key, child] of Object.entries(n.properties ?? {})) {
      out.push(...rows(child, path ? `${path}.${key}` : key, (n.required ?? []).includes(key)))
    }
    const items = n.type === 'array' ? resolve(n.items ?? {}) : undefined
    if (items?.properties) out.push(...rows(items, `${path}[]`, false).slice(1))
    if (n.additionalProperties && typeof n.additionalProperties === 'object') {
      out.push(...rows(n.additionalProperties, `${path}.<name>`, false))
    }
    return out
  }
  return ['| field | type | default | what it does |', '| --- | --- | --- | --- |', ...rows(schema, '', false)].join(
    '\n',
  )
}

/** The exit-code table as written (code and meaning are prose), its last column remade: which commands can end so. */
function exitCodeTable(current) {
  const { commands } = JSON.parse(readFileSync(`${root}oclif.manifest.json`, 'utf8'))
  const visible = Object.entries(commands).filter(([, c]) => !c.hidden)
  const rows = current
    .split('\n')
    .filter((l) => /^\| \d/.test(l))
    .map((line) => {
      const [code, meaning] = line.split(' | ').map((c) => c.replace(/^\| | \|$/g, ''))
      const codes = code.match(/\d+/g).map(Number)
      const which = visible.filter(([, c]) => codes.some((n) => c.exitCodes.includes(n))).map(([id]) => id)
      const list = which.length === visible.length ? 'every command' : which.map((id) => id.replaceAll(':', ' '))
      return `| ${code} | ${meaning} | ${typeof list === 'string' ? list : list.join(', ')} |`
    })
  return ['| code | meaning | commands |', '| --- | --- | --- |', ...rows].join('\n')
}

let stale = false
for (const t of targets) {
  const file = `${root}${t.doc}`
  const text = readFileSync(file, 'utf8')
  const begin = `<!-- BEGIN ${t.section} (npm run docs) -->`
  const end = `<!-- END ${t.section} -->`
  const from = text.indexOf(begin)
  const to = text.indexOf(end)
  if (from < 0 || to < from) {
    process.stderr.write(`${t.doc} has no ${begin} … ${end} section\n`)
    process.exit(1)
  }
  const table = t.schema
    ? tableOf(JSON.parse(readFileSync(`${root}schemas/${t.schema}.schema.json`, 'utf8')))
    : exitCodeTable(text.slice(from, to))
  const next = `${text.slice(0, from)}${begin}\n${table}\n${text.slice(to)}`
  if (next === text) continue
  if (process.argv.includes('--check')) {
    process.stderr.write(`${t.doc} is stale: run \`npm run docs\` and commit it\n`)
    stale = true
  } else {
    writeFileSync(file, next)
  }
}
if (stale) process.exit(1)
