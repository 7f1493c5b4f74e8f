// Playbook execution against real servers, side by side with the floor (a minimal script making the same SDK
// calls) and the usual CLIs, at growing input sizes: time should grow linearly and memory stay bounded.
import { spawnSync } from 'node:child_process'
import { type BenchEnv, binPath } from './env.js'
import { type Command, fmt, interleaved, type Stats } from './measure.js'

export interface ScalingCase {
  title: string
  unit: string
  sizes: number[]
  /** Grow the estate to `size` items. */
  seed(size: number): Promise<void>
  cloudops: string[]
  minimal: string
  cli?: { label: string; cmd: string; args: string[] }
}

const exists = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

export async function scalingSection(env: BenchEnv, c: ScalingCase, rounds = 5): Promise<string[]> {
  const commands: Command[] = [
    { label: 'minimal SDK script', cmd: process.execPath, args: [c.minimal], env: env.vars },
    {
      label: `cloudops run ${c.cloudops[0]}`,
      cmd: process.execPath,
      args: [binPath, 'run', ...c.cloudops],
      env: env.vars,
    },
  ]
  if (c.cli && exists(c.cli.cmd)) commands.push({ label: c.cli.label, cmd: c.cli.cmd, args: c.cli.args, env: env.vars })
  const rows: string[] = []
  const perSize: { size: number; results: Stats[] }[] = []
  for (const size of c.sizes) {
    await c.seed(size)
    // Findings make `run` exit 0; --fail-on is not given, so anything else is a real failure.
    const results = interleaved(commands, rounds)
    perSize.push({ size, results })
    const floor = results[0]?.median ?? 1
    for (const r of results) {
      rows.push(
        `| ${size.toLocaleString('en')} | \`${r.label}\` | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${(r.median / floor).toFixed(2)} | ${((r.median / size) * 1000).toFixed(0)} ms | ${r.rssMiB?.toFixed(0) ?? '-'} MiB |`,
      )
    }
  }
  const ours = perSize.map((p) => p.results[1] as Stats)
  const first = ours[0] as Stats
  const last = ours.at(-1) as Stats
  const sizeRatio = (c.sizes.at(-1) as number) / (c.sizes[0] as number)
  return [
    `## ${c.title} (${rounds} interleaved rounds per size)`,
    '',
    `| ${c.unit} | command | median | spread | × minimal | per 1,000 ${c.unit} | peak RSS |`,
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Scaling of cloudops from ${c.sizes[0]} to ${c.sizes.at(-1)} ${c.unit} (${sizeRatio}× the input): time ×${(last.median / first.median).toFixed(2)}, peak memory ×${((last.rssMiB ?? 0) / (first.rssMiB || 1)).toFixed(2)}.`,
    '',
  ]
}
