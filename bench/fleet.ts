// Fleet runs at 1, 8 and 32 targets (kube contexts that share one kube-apiserver), side by side with the same
// playbook on one environment: time should follow the slowest target, not the sum, and memory the findings.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { createNamespace, createPod } from '../test/support/servers/seed-k8s.js'
import { type BenchEnv, binPath } from './env.js'
import { type Command, fmt, interleaved } from './measure.js'
import type { Servers } from './servers.js'

const sizes = [1, 8, 32]
const namespace = 'bench-fleet'

/** One kubeconfig with `n` more contexts, each the admin's context under another name. */
function fleetKubeconfig(env: BenchEnv, s: Servers, n: number): string {
  const kc = parse(readFileSync(s.kube.kubeconfig, 'utf8'))
  const admin = kc.contexts[0]
  kc.contexts.push(...Array.from({ length: n }, (_, i) => ({ name: `fleet-${i + 1}`, context: admin.context })))
  const file = join(env.home, 'fleet-kubeconfig')
  writeFileSync(file, stringify(kc))
  return file
}

function fleetConfig(env: BenchEnv): void {
  const contexts = (n: number) => Array.from({ length: n }, (_, i) => `fleet-${i + 1}`)
  const environments = Object.fromEntries([
    ['bench', { kubernetes: { context: 'cloudops-test' } }],
    ...sizes.map((n) => [`fleet${n}`, { kubernetes: { contexts: contexts(n) } }]),
  ])
  writeFileSync(join(env.vars.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml'), stringify({ environments }))
}

export async function fleetSection(env: BenchEnv, s: Servers, pods: number, rounds: number): Promise<string[]> {
  await createNamespace(s.kube, namespace)
  for (let i = 0; i < pods; i++) await createPod(s.kube, { namespace, name: `fleet-pod-${i}` })
  const vars = { ...env.vars, KUBECONFIG: fleetKubeconfig(env, s, Math.max(...sizes)) }
  fleetConfig(env)
  const run = (e: string) => [
    binPath,
    'run',
    'k8s-pending-pods',
    '--env',
    e,
    '--param',
    `namespace=${namespace}`,
    '--json',
  ]
  const commands: Command[] = [
    { label: 'one environment', cmd: process.execPath, args: run('bench'), env: vars },
    ...sizes.map((n) => ({ label: `${n} target(s)`, cmd: process.execPath, args: run(`fleet${n}`), env: vars })),
  ]
  const findings = commands.map((c) => {
    const r = spawnSync(c.cmd, c.args, { env: { ...process.env, ...c.env }, encoding: 'utf8', maxBuffer: 1 << 28 })
    return (JSON.parse(r.stdout).findings as unknown[]).length
  })
  const results = interleaved(commands, rounds)
  const one = results[1]?.median ?? 1
  const rows = results.map(
    (r, i) =>
      `| \`${r.label}\` | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${(r.median / one).toFixed(2)} | ${findings[i]?.toLocaleString('en')} | ${r.rssMiB?.toFixed(0) ?? '-'} MiB |`,
  )
  const at8 = (results[2]?.median ?? 0) / one
  return [
    `## Fleet: k8s-pending-pods on 1, 8 and 32 targets (${rounds} interleaved rounds, ${pods} pending pods each)`,
    '',
    'Each target is a kube context; all of them reach the one kube-apiserver the benchmark starts, so every target',
    'does the same work on the same 2 cores. Execution: `execution.fleet_concurrency` 16 across the fleet, 4 per target.',
    '',
    '| run | median | spread | × 1 target | findings | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `8 targets take ${at8.toFixed(2)}× one target's time (goal ≤ 1.5× ${at8 <= 1.5 ? 'met' : '**not met**'}).`,
    '',
  ]
}
