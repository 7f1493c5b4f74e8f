// Start-up: every command against a bare `node -e 0`, interleaved. The offline dry-run must load no SDK.
import { type BenchEnv, binPath } from './env.js'
import { type Command, fmt, interleaved, spread } from './measure.js'
import { profile } from './profile.js'

const question = 'which security groups expose SSH to the internet in prod'
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
}

export function startupSection(env: BenchEnv, rounds = 15): string[] {
  const node = (label: string, args: string[]): Command => ({ label, cmd: process.execPath, args, env: env.vars })
  const commands = [
    node('node -e 0', ['-e', '0']),
    node('cloudops --version', [binPath, '--version']),
    node('cloudops --help', [binPath, '--help']),
    node('cloudops ask --dry-run --provider offline', [binPath, 'ask', '--dry-run', '--provider', 'offline', question]),
    node('cloudops plan --playbook (to stdout)', [
      binPath,
      'plan',
      '--playbook',
      'aws-idle-instances',
      '--env',
      'bench',
    ]),
    node('cloudops playbooks list', [binPath, 'playbooks', 'list']),
    node('cloudops audit verify', [binPath, 'audit', 'verify']),
    // An MCP client's first request, answered, then stdin closes and the server exits.
    { ...node('cloudops mcp: initialize answered', [binPath, 'mcp']), input: `${JSON.stringify(initialize)}\n` },
    // The terminal's libraries, alone: picocolors loads with every human output, string-width only for text that is
    // not plain ASCII (render/width.ts).
    node('import picocolors', ['--input-type=module', '-e', "await import('picocolors')"]),
    node('import string-width', ['--input-type=module', '-e', "await import('string-width')"]),
  ]
  const results = interleaved(commands, rounds)
  const floor = results[0]?.median ?? 1
  const target: Record<string, number> = {
    'cloudops --version': 2,
    'cloudops --help': 2,
    'cloudops ask --dry-run --provider offline': 3,
    'cloudops mcp: initialize answered': 3,
  }
  const lines = [
    `## Start-up (${rounds} interleaved rounds)`,
    '',
    '| command | median | spread | × node -e 0 | target | peak RSS |',
    '| --- | ---: | ---: | ---: | --- | ---: |',
    ...results.map((r) => {
      const ratio = r.median / floor
      const t = target[r.label]
      const verdict = t ? `≤ ${t}× ${ratio <= t ? 'met' : '**not met**'}` : '-'
      return `| \`${r.label}\` | ${fmt(r.median)} | ${spread(r)} | ${ratio.toFixed(2)} | ${verdict} | ${r.rssMiB?.toFixed(0) ?? '-'} MiB |`
    }),
    '',
    'CPU profile of `ask --dry-run --provider offline`, self time by package:',
    '',
    '| where | ms |',
    '| --- | ---: |',
    ...profile([binPath, 'ask', '--dry-run', '--provider', 'offline', question], env.vars).map(
      (p) => `| ${p.bucket} | ${p.ms.toFixed(1)} |`,
    ),
    '',
  ]
  return lines
}
