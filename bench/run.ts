// `npm run bench`: every performance target of the project measured side by side in one run, written to
// bench/RESULTS.md with the machine and the date. Benchmarks are not tests: they report, they never fail CI.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { auditSection } from './audit.js'
import { benchEnv } from './env.js'
import { fleetSection } from './fleet.js'
import { llmSection } from './llm.js'
import { nodeBinaries } from './nodes.js'
import { progressSection } from './progress.js'
import { scalingSection } from './scaling.js'
import { awsCase, kubeCase, type Servers, startServers } from './servers.js'
import { startupSection } from './startup.js'
import { teamSection } from './team.js'

if (!existsSync(new URL('../dist/commands', import.meta.url))) {
  process.stderr.write('bench: dist/ is missing; run `npm install` (or `npm run build`) first\n')
  process.exit(2)
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true' // Node 20 is supported on purpose
const quick = process.argv.includes('--quick')
// `--only startup,progress`: run those sections; every other section of RESULTS.md is kept as it was.
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const wanted = (name: string) => !only || only.includes(name)
const log = (m: string) => process.stderr.write(`bench: ${m}\n`)
const sections: string[][] = []

if (wanted('startup')) {
  log('start-up')
  // `--node=20,22,24`: a column per Node major (default: this one, 22 and 24).
  const nodes = nodeBinaries(process.argv.find((a) => a.startsWith('--node='))?.slice('--node='.length), log)
  sections.push(startupSection(benchEnv(), nodes, quick ? 5 : 15))
}
if (wanted('llm')) {
  log('llm prompt')
  sections.push(await llmSection(benchEnv()))
}
if (wanted('audit')) {
  log('audit log')
  sections.push(await auditSection(benchEnv(), quick ? 100_000 : 1_000_000))
}

if (wanted('team')) {
  log('team mode (nats-server)')
  sections.push(await teamSection(benchEnv(), quick ? 5000 : 20_000, quick ? 3 : 7))
}

let servers: Servers | undefined
try {
  if (!wanted('progress') && !wanted('scaling') && !wanted('fleet')) throw new Error('not asked for (--only)')
  log('starting moto and kube-apiserver')
  servers = await startServers()
  const env = benchEnv(servers.vars)
  const sizes = quick ? [200, 400] : [1000, 2500, 5000]
  if (wanted('progress')) {
    log('progress at a terminal')
    sections.push(await progressSection(env, quick ? 3 : 7))
  }
  if (wanted('scaling')) {
    log('aws: security groups')
    sections.push(await scalingSection(env, awsCase(servers, sizes), quick ? 2 : 5))
    log('kubernetes: pods')
    sections.push(await scalingSection(env, kubeCase(servers, sizes), quick ? 2 : 5))
  }
  if (wanted('fleet')) {
    log('fleet: 1, 8 and 32 targets')
    sections.push(await fleetSection(benchEnv(servers.vars), servers, quick ? 20 : 100, quick ? 2 : 5))
  }
} catch (err) {
  if (wanted('progress') || wanted('scaling') || wanted('fleet'))
    sections.push(['## Servers', '', `Skipped: ${(err as Error).message}`, ''])
} finally {
  await servers?.stop()
}

const header = [
  '# Benchmark results',
  '',
  `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(1)} GiB · \`npm run bench${quick ? ' -- --quick' : ''}${only ? ` -- --only=${only.join(',')}` : ''}\`${only ? ' (the other sections are from an earlier full run)' : ''}`,
  '',
  'Medians of interleaved runs (each round runs every variant, in rotating order); spread is min–max; peak RSS from',
  '`/usr/bin/time`. Regenerate with `npm run bench`.',
  '',
]
const results = new URL('RESULTS.md', import.meta.url)
const previous = existsSync(results) ? readFileSync(results, 'utf8') : ''
const previousSections = [...previous.matchAll(/^## [\s\S]*?(?=^## |(?![\s\S]))/gm)].map((m) => m[0].trimEnd())
const title = (text: string) => text.split('\n')[0]?.replace(/ \(.*$/, '')
const fresh = new Map(sections.map((lines) => [title(lines.join('\n')), lines.join('\n').trimEnd()]))
// Kept as they were: the mutation section (its run takes far longer), and with --only every section not run, each
// section run again in its old place, so the file keeps its order.
const body =
  only === undefined
    ? [...fresh.values(), ...previousSections.filter((sec) => title(sec) === '## Mutation testing')]
    : [
        ...previousSections.map((sec) => fresh.get(title(sec)) ?? sec),
        ...[...fresh].filter(([t]) => !previousSections.some((sec) => title(sec) === t)).map(([, sec]) => sec),
      ]
const text = [...header, ...body.flatMap((sec) => [sec, ''])].join('\n')
writeFileSync(results, text)
process.stdout.write(text)
