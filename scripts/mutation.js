// `npm run mutation [FILE...]`: Stryker once per core file (see stryker.config.mjs for why), then one merged report
// (reports/mutation/mutation.json), a per-file table against the targets, and that table in bench/RESULTS.md.
// Exit 1 when a file is below its target. Needs Node 22 or later (Stryker 10 does). `--report`: only merge the
// per-file reports already there and write the table, running nothing.
import { spawnSync } from 'node:child_process'
import { globSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { core, strict } from '../stryker.config.mjs'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const reportOnly = args.includes('--report')
const named = args.filter((a) => a !== '--report')
const excluded = new Set(core.filter((g) => g.startsWith('!')).flatMap((g) => globSync(g.slice(1), { cwd: root })))
const coreFiles = core
  .filter((g) => !g.startsWith('!'))
  .flatMap((g) => globSync(g, { cwd: root }))
  .filter((f) => !excluded.has(f))
  .sort()
const files = reportOnly ? [] : named.length > 0 ? named : coreFiles
const reportOf = (file) =>
  join(root, 'reports/mutation/files', `${file.replace(/^src\//, '').replace(/[/.]/g, '-')}.json`)

for (const [i, file] of files.entries()) {
  process.stderr.write(`== mutation ${i + 1}/${files.length}: ${file}\n`)
  const run = spawnSync(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run'], {
    cwd: root,
    env: { ...process.env, STRYKER_FILE: file },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (run.status !== 0) {
    process.stderr.write(`mutation: stryker failed on ${file} (exit ${run.status}); see its output above\n`)
    process.exit(1)
  }
}

// The merged report covers every core file that has a report, so a run on a few files keeps the others' results.
const merged = { schemaVersion: '1', thresholds: { high: 95, low: 85 }, files: {} }
for (const file of coreFiles) {
  try {
    Object.assign(merged.files, JSON.parse(readFileSync(reportOf(file), 'utf8')).files)
  } catch {
    // not run yet
  }
}
mkdirSync(join(root, 'reports/mutation'), { recursive: true })
writeFileSync(join(root, 'reports/mutation/mutation.json'), JSON.stringify(merged))

const counted = ['Killed', 'Timeout', 'Survived', 'NoCoverage']
const rows = Object.entries(merged.files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([file, { mutants }]) => {
    const n = (s) => mutants.filter((m) => m.status === s).length
    const detected = n('Killed') + n('Timeout')
    const valid = counted.reduce((sum, s) => sum + n(s), 0)
    const score = valid === 0 ? 100 : (100 * detected) / valid
    const target = strict.includes(file) ? 95 : 85
    return {
      file,
      score,
      target,
      killed: detected,
      survived: n('Survived'),
      noCoverage: n('NoCoverage'),
      ignored: n('Ignored'),
    }
  })
const below = rows.filter((r) => r.score < r.target)
const total = rows.reduce((t, r) => ({ k: t.k + r.killed, v: t.v + r.killed + r.survived + r.noCoverage }), {
  k: 0,
  v: 0,
})

const table = [
  '| file | score | target | killed | survived | no coverage | equivalent (ignored) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| \`${r.file}\` | ${r.score.toFixed(1)} %${r.score < r.target ? ' ✗' : ''} | ${r.target} % | ${r.killed} | ${r.survived} | ${r.noCoverage} | ${r.ignored} |`,
  ),
]
// The equivalent mutants, each with the reason its `Stryker disable` comment gives: the list cannot drift from the code.
const equivalent = Object.entries(merged.files)
  .sort(([a], [b]) => a.localeCompare(b))
  .flatMap(([file, { mutants }]) =>
    mutants
      .filter((m) => m.status === 'Ignored')
      .sort((a, b) => a.location.start.line - b.location.start.line)
      .map((m) => `- \`${file}:${m.location.start.line}\` ${m.mutatorName}: ${m.statusReason ?? '(no reason given)'}`),
  )
const section = [
  '## Mutation testing',
  '',
  `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · StrykerJS, vitest runner, in-process unit tests ` +
    '(`vitest.mutation.config.ts`) · `npm run mutation` (Node ≥ 22; per file, incremental; report in ' +
    '`reports/mutation/mutation.json`). Not part of `npm test`. Written by `scripts/mutation.js`.',
  '',
  `All files: ${((100 * total.k) / Math.max(total.v, 1)).toFixed(1)} % (${total.k} of ${total.v} mutants detected); ` +
    `${below.length === 0 ? 'every file at its target' : `${below.length} file(s) below target (✗)`}. ` +
    'Equivalent mutants are marked in the source with `// Stryker disable … : reason`.',
  '',
  ...table,
  '',
  `Equivalent mutants (${equivalent.length}), as the comments in the source give their reasons:`,
  '',
  ...equivalent,
  '',
].join('\n')

const resultsPath = join(root, 'bench/RESULTS.md')
const previous = readFileSync(resultsPath, 'utf8')
const rest = previous.replace(/^## Mutation testing[\s\S]*?(?=^## |(?![\s\S]))/m, '').trimEnd()
writeFileSync(resultsPath, `${rest}\n\n${section}`)
process.stdout.write(`${table.join('\n')}\n`)
if (below.length > 0) {
  process.stderr.write(`mutation: ${below.map((r) => `${r.file} ${r.score.toFixed(1)} %`).join(', ')} below target\n`)
  process.exit(1)
}
