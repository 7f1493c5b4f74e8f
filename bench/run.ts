// `npm run bench`: every performance target of the project measured side by side in one run, written to
// bench/RESULTS.md with the machine and the date. Benchmarks are not tests: they report, they never fail CI.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { auditSection } from './audit.js'
import { benchEnv } from './env.js'
import { llmSection } from './llm.js'
import { progressSection } from './progress.js'
import { scalingSection } from './scaling.js'
import { awsCase, kubeCase, type Servers, startServers } from './servers.js'
import { startupSection } from './startup.js'

if (!existsSync(new URL('../dist/commands', import.meta.url))) {
  process.stderr.write('bench: dist/ is missing; run `npm install` (or `npm run build`) first\n')
  process.exit(2)
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true' // Node 20 is supported on purpose
const quick = process.argv.includes('--quick')
const log = (m: string) => process.stderr.write(`bench: ${m}\n`)
const sections: string[][] = []

log('start-up')
sections.push(startupSection(benchEnv(), quick ? 5 : 15))
log('llm prompt')
sections.push(await llmSection(benchEnv()))
log('audit log')
sections.push(await auditSection(benchEnv(), quick ? 100_000 : 1_000_000))

let servers: Servers | undefined
try {
  log('starting moto and kube-apiserver')
  servers = await startServers()
  const env = benchEnv(servers.vars)
  const sizes = quick ? [200, 400] : [1000, 2500, 5000]
  log('progress at a terminal')
  sections.push(await progressSection(env, quick ? 3 : 7))
  log('aws: security groups')
  sections.push(await scalingSection(env, awsCase(servers, sizes), quick ? 2 : 5))
  log('kubernetes: pods')
  sections.push(await scalingSection(env, kubeCase(servers, sizes), quick ? 2 : 5))
} catch (err) {
  sections.push(['## Servers', '', `Skipped: ${(err as Error).message}`, ''])
} finally {
  await servers?.stop()
}

const header = [
  '# Benchmark results',
  '',
  `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(1)} GiB · \`npm run bench${quick ? ' -- --quick' : ''}\``,
  '',
  'Medians of interleaved runs (each round runs every variant, in rotating order); spread is min–max; peak RSS from',
  '`/usr/bin/time`. Regenerate with `npm run bench`.',
  '',
]
// `npm run mutation` writes its own section (its run takes far longer than the benchmarks): keep it as it is.
const results = new URL('RESULTS.md', import.meta.url)
const previous = existsSync(results) ? readFileSync(results, 'utf8') : ''
const mutation = /^## Mutation testing[\s\S]*?(?=^## |(?![\s\S]))/m.exec(previous)?.[0]
const text = [...header, ...sections.flat(), ...(mutation ? [mutation.trimEnd(), ''] : [])].join('\n')
writeFileSync(results, text)
process.stdout.write(text)
