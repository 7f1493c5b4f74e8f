// Timing helpers for the benchmarks: interleaved runs (each round runs every variant, in a rotating order, so
// drift in machine load hits all of them alike), medians with their spread, and peak memory via /usr/bin/time.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Command {
  label: string
  cmd: string
  args: string[]
  env?: Record<string, string>
  /** Given on stdin, which then closes (e.g. an MCP initialize request). */
  input?: string
}

export interface Sample {
  ms: number
  /** Peak resident memory in MiB, when /usr/bin/time is available. */
  rssMiB?: number
  code: number
}

export interface Stats {
  label: string
  n: number
  median: number
  min: number
  max: number
  rssMiB?: number
}

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
const scratch = mkdtempSync(join(tmpdir(), 'cloudops-bench-'))

export function runOnce(c: Command): Sample {
  const rssFile = join(scratch, 'rss')
  const [cmd, args] = timeBin ? [timeBin, ['-f', '%M', '-o', rssFile, c.cmd, ...c.args]] : [c.cmd, c.args]
  const start = process.hrtime.bigint()
  const r = spawnSync(cmd, args, {
    env: { ...process.env, ...c.env },
    stdio: [c.input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    input: c.input,
    maxBuffer: 64 * 1024 * 1024,
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const rssMiB = timeBin
    ? Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '0', 10) / 1024
    : undefined
  const code = r.status ?? -1
  return { ms, rssMiB, code }
}

export function stats(label: string, samples: Sample[]): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b)
  const mid = Math.floor(ms.length / 2)
  const median = ms.length % 2 ? (ms[mid] as number) : ((ms[mid - 1] as number) + (ms[mid] as number)) / 2
  const rss = samples.map((s) => s.rssMiB ?? 0).sort((a, b) => a - b)
  return {
    label,
    n: ms.length,
    median,
    min: ms[0] as number,
    max: ms.at(-1) as number,
    rssMiB: timeBin ? rss[Math.floor(rss.length / 2)] : undefined,
  }
}

/** Run every command `rounds` times, interleaved; a command that exits non-zero is reported, not hidden. */
export function interleaved(commands: Command[], rounds: number, expectCode: (c: Command) => number[] = () => [0]) {
  const samples = new Map<string, Sample[]>(commands.map((c) => [c.label, []]))
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < commands.length; i++) {
      const c = commands[(i + round) % commands.length] as Command
      const s = runOnce(c)
      if (!expectCode(c).includes(s.code)) {
        const err = spawnSync(c.cmd, c.args, { env: { ...process.env, ...c.env }, encoding: 'utf8' }).stderr
        throw new Error(`${c.label} exited ${s.code}: ${err.slice(0, 500)}`)
      }
      samples.get(c.label)?.push(s)
    }
  }
  return commands.map((c) => stats(c.label, samples.get(c.label) ?? []))
}

export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
export const spread = (s: Stats) => `${fmt(s.min)}–${fmt(s.max)}`
