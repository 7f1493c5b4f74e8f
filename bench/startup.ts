// Start-up: every command against a bare `node -e 0` of the same Node, interleaved across the Node versions too
// (bench/nodes.ts), so each version's column is measured under the same machine load. The offline dry-run must
// load no SDK. Each command runs with the bundle's code cache (src/startup/load-cli.ts) and, on Node ≥ 22, Node's
// compile cache (bin/run.cjs turns it on): both made by the first round, which counts like the others in the median.
import { readFileSync } from 'node:fs'
import { type BenchEnv, binPath } from './env.js'
import { type Command, fmt, interleaved, type Stats } from './measure.js'
import type { NodeBinary } from './nodes.js'
import { profile, profiledRuns, sampleEveryUs } from './profile.js'

const question = 'which security groups expose SSH to the internet in prod'
const initialize = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
})}\n`

interface Variant {
  label: string
  args: string[]
  /** Given on stdin, which then closes. */
  input?: string
  /** At most this many times `node -e 0`. */
  target?: number
}

const variants: Variant[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'cloudops --version', args: [binPath, '--version'], target: 1.3 },
  { label: 'cloudops --help', args: [binPath, '--help'], target: 1.3 },
  {
    label: 'cloudops ask --dry-run --provider offline',
    args: [binPath, 'ask', '--dry-run', '--provider', 'offline', question],
    target: 2.5,
  },
  {
    label: 'cloudops plan --playbook (to stdout)',
    args: [binPath, 'plan', '--playbook', 'aws-idle-instances', '--env', 'bench'],
  },
  { label: 'cloudops playbooks list', args: [binPath, 'playbooks', 'list'] },
  { label: 'cloudops audit verify', args: [binPath, 'audit', 'verify'] },
  // An MCP client's first request, answered, then stdin closes and the server exits.
  { label: 'cloudops mcp: initialize answered', args: [binPath, 'mcp'], input: initialize, target: 3 },
  // The terminal's libraries, alone: picocolors loads with every human output, string-width only for text that is
  // not plain ASCII (render/width.ts).
  { label: 'import picocolors', args: ['--input-type=module', '-e', "await import('picocolors')"] },
  { label: 'import string-width', args: ['--input-type=module', '-e', "await import('string-width')"] },
]

const commandOn = (node: NodeBinary, env: BenchEnv, v: Variant): Command => ({
  label: `${v.label} @ ${node.version}`,
  cmd: node.path,
  args: v.args,
  env: env.vars,
  input: v.input,
})

const verdict = (ratio: number, target?: number) => (target ? (ratio <= target ? ' met' : ' **not met**') : '')

/** Every visible command's `--help` (oclif renders it; only the root help is pre-rendered). */
function helpVariants(): Variant[] {
  const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'))
  return Object.values(manifest.commands as Record<string, { id: string; hidden?: boolean }>)
    .filter((c) => !c.hidden)
    .map((c) => ({
      label: `cloudops ${c.id.replaceAll(':', ' ')} --help`,
      args: [binPath, ...c.id.split(':'), '--help'],
    }))
}

function mainTable(env: BenchEnv, nodes: NodeBinary[], rounds: number): string[] {
  const results = interleaved(
    nodes.flatMap((n) => variants.map((v) => commandOn(n, env, v))),
    rounds,
  )
  const stat = (n: NodeBinary, v: Variant) => results.find((r) => r.label === `${v.label} @ ${n.version}`) as Stats
  const floor = (n: NodeBinary) => stat(n, variants[0] as Variant).median
  return [
    `## Start-up (${rounds} interleaved rounds)`,
    '',
    'Each cell: the median, then × `node -e 0` of the same Node; the target is that ratio.',
    '',
    `| command | target | ${nodes.map((n) => `Node ${n.version}`).join(' | ')} |`,
    `| --- | --- |${nodes.map(() => ' ---: |').join('')}`,
    ...variants.map((v) => {
      const cells = nodes.map((n) => {
        const r = stat(n, v).median / floor(n)
        return `${fmt(stat(n, v).median)} · ${r.toFixed(2)}×${verdict(r, v.target)}`
      })
      return `| \`${v.label}\` | ${v.target ? `≤ ${v.target}×` : '-'} | ${cells.join(' | ')} |`
    }),
    '',
  ]
}

function helpTable(env: BenchEnv, nodes: NodeBinary[], rounds: number): string[] {
  const helps = helpVariants()
  const floorVariant = variants[0] as Variant
  const results = interleaved(
    nodes.flatMap((n) => [floorVariant, ...helps].map((v) => commandOn(n, env, v))),
    rounds,
  )
  const median = (n: NodeBinary, v: Variant) =>
    results.find((r) => r.label === `${v.label} @ ${n.version}`)?.median ?? 0
  const row = (name: string, pick: (ratios: { v: Variant; r: number }[]) => { v: Variant; r: number }) =>
    `| ${name} | ≤ 2× | ${nodes
      .map((n) => {
        const ratios = helps.map((v) => ({ v, r: median(n, v) / median(n, floorVariant) })).sort((a, b) => a.r - b.r)
        const p = pick(ratios)
        return `${p.r.toFixed(2)}×${verdict(p.r, 2)} (\`${p.v.label.replace(/^cloudops | --help$/g, '')}\`)`
      })
      .join(' | ')} |`
  return [
    `### Every command's --help (${helps.length} commands, ${rounds} interleaved rounds)`,
    '',
    `| | target | ${nodes.map((n) => `Node ${n.version}`).join(' | ')} |`,
    `| --- | --- |${nodes.map(() => ' ---: |').join('')}`,
    row('slowest', (rs) => rs.at(-1) as { v: Variant; r: number }),
    row('median', (rs) => rs[Math.floor(rs.length / 2)] as { v: Variant; r: number }),
    '',
  ]
}

function profileTable(env: BenchEnv, nodes: NodeBinary[], title: string, v: Variant): string[] {
  const byNode = nodes.map((n) => profile(v.args, env.vars, 10, { node: n.path, input: v.input }))
  const buckets = [...new Set(byNode.flatMap((p) => p.map((b) => b.bucket)))]
  const ms = (i: number, b: string) => byNode[i]?.find((p) => p.bucket === b)?.ms ?? 0
  const total = (i: number) => (byNode[i] ?? []).reduce((sum, p) => sum + p.ms, 0)
  buckets.sort((a, b) => Math.max(...nodes.map((_, i) => ms(i, b))) - Math.max(...nodes.map((_, i) => ms(i, a))))
  return [
    `### CPU profile of \`${title}\`, self time by package (the bundle's lines by the module they came from), ms, mean of ${profiledRuns} runs sampled every ${sampleEveryUs} µs:`,
    '',
    `| where | ${nodes.map((n) => `Node ${n.version}`).join(' | ')} |`,
    `| --- |${nodes.map(() => ' ---: |').join('')}`,
    ...buckets.map((b) => `| ${b} | ${nodes.map((_, i) => ms(i, b).toFixed(1)).join(' | ')} |`),
    `| (top 10 together) | ${nodes.map((_, i) => total(i).toFixed(1)).join(' | ')} |`,
    '',
  ]
}

export function startupSection(env: BenchEnv, nodes: NodeBinary[], rounds = 15): string[] {
  return [
    ...mainTable(env, nodes, rounds),
    ...helpTable(env, nodes, Math.max(3, Math.round(rounds / 3))),
    ...profileTable(env, nodes, 'cloudops ask --dry-run --provider offline', variants[3] as Variant),
    ...profileTable(env, nodes, 'cloudops mcp: initialize answered', variants[7] as Variant),
  ]
}
