// Compiles every JSON Schema the CLI validates with (schemas/*.json, each action's params, each analyzer's options,
// each shipped playbook param, and the bound-less param shapes user playbooks mostly declare) into standalone
// modules, one per schema (dist/validators/<key>.cjs), so no command pays for ajv's compiler at start-up, nor for
// loading the validators of schemas it never checks. Run by `npm run build`; the runtime finds a validator by the
// sha256 of its schema and compiles any it does not find, so a stale or missing file costs time, never correctness.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadAllActions } from '../dist/actions/registry.js'
import { analyzerIds, getAnalyzer } from '../dist/analyzers/registry.js'
import { shippedPlaybooksDir, yamlFiles } from '../dist/planner/load.js'
import { paramSchema } from '../dist/planner/params.js'
import { ajvOptions, schemaKey } from '../dist/schema/precompiled.js'
import { parseYamlSource } from '../dist/schema/yaml-source.js'

const require = createRequire(import.meta.url)
const { Ajv2020 } = require('ajv/dist/2020.js')
const addFormats = require('ajv-formats')
const standaloneCode = require('ajv/dist/standalone').default

const schemasDir = new URL('../schemas/', import.meta.url)
const schemas = readdirSync(schemasDir)
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, schemasDir), 'utf8')))
for (const action of await loadAllActions()) schemas.push(action.params)
for (const id of analyzerIds()) {
  const options = getAnalyzer(id)?.with
  if (options) schemas.push(options)
}
const paramTypes = ['string', 'integer', 'number', 'boolean', 'string_list', 'integer_list']
for (const type of paramTypes) schemas.push(paramSchema({ type }))
for (const file of yamlFiles(shippedPlaybooksDir)) {
  const params = parseYamlSource(readFileSync(file, 'utf8')).data.params ?? {}
  for (const p of Object.values(params)) schemas.push(paramSchema(p))
}

const ajv = addFormats(new Ajv2020({ ...ajvOptions, code: { source: true } }))
const keys = new Set()
for (const schema of schemas) {
  const key = schemaKey(schema)
  if (keys.has(key)) continue
  ajv.addSchema(schema, key)
  keys.add(key)
}
const out = new URL('../dist/validators/', import.meta.url)
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
// module.exports is the validator itself (ajv's standalone form for a single schema).
for (const key of keys) writeFileSync(new URL(`${key}.cjs`, out), standaloneCode(ajv, ajv.getSchema(key)))
console.error(`validators: ${keys.size} schemas precompiled`)
