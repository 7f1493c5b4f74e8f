// The audit log: verify throughput over a million records, and the latency of one locked, fsynced append.
import { createWriteStream, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { newLogId, sealRecord } from '../src/audit/record.js'
import { verifyAuditLog } from '../src/audit/verify.js'
import { FileAuditSink, localActor } from '../src/audit/writer.js'
import { type BenchEnv, binPath } from './env.js'
import { fmt, runOnce } from './measure.js'

/** A valid chain of `n` step_finished-like records, written the way the writer writes them. */
async function writeChain(file: string, n: number): Promise<void> {
  const out = createWriteStream(file)
  const actor = localActor()
  let prev = newLogId()
  let chunk: string[] = []
  for (let seq = 1; seq <= n; seq++) {
    const { record, line } = sealRecord({
      v: 1,
      seq,
      ts: new Date(1_760_000_000_000 + seq).toISOString(),
      run_id: `run-${Math.floor(seq / 12)}`,
      kind: 'step_finished',
      actor,
      data: { step: `groups@us-east-1`, status: 'ok', items: seq % 97, duration_ms: seq % 300 },
      prev,
    })
    prev = record.hash
    chunk.push(line)
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()))
      chunk = []
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`)
  await new Promise<void>((resolve) => out.end(resolve))
}

export async function auditSection(env: BenchEnv, records = 1_000_000, appends = 300): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-bench-audit-'))
  const log = join(dir, 'audit.jsonl')
  await writeChain(log, records)
  const size = statSync(log).size / 1024 / 1024

  const inProcess: number[] = []
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    const d = verifyAuditLog(log)
    inProcess.push(performance.now() - start)
    if (!d.valid || d.records !== records) throw new Error(`bench chain did not verify: ${d.problems[0]?.reason}`)
  }
  inProcess.sort((a, b) => a - b)
  const cli = runOnce({
    label: 'audit verify',
    cmd: process.execPath,
    args: [binPath, 'audit', 'verify', '--json'],
    env: { ...env.vars, CLOUDOPS_AUDIT_LOG: log },
  })

  // tail reads back from the end: its time and memory do not grow with the log.
  const tail = runOnce({
    label: 'audit tail',
    cmd: process.execPath,
    args: [binPath, 'audit', 'tail', '-n', '20', '--json'],
    env: { ...env.vars, CLOUDOPS_AUDIT_LOG: log },
  })

  const appendLog = join(dir, 'append.jsonl')
  const sink = new FileAuditSink(appendLog, localActor())
  const latencies: number[] = []
  for (let i = 0; i < appends; i++) {
    const start = performance.now()
    await sink.append({ run_id: 'bench', kind: 'step_finished', data: { step: 'groups', items: i } })
    latencies.push(performance.now() - start)
  }
  await sink.close()
  latencies.sort((a, b) => a - b)
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0

  const median = inProcess[1] ?? 0
  const rate = records / (median / 1000)
  const cliRate = records / (cli.ms / 1000)
  return [
    `## Audit log (${records.toLocaleString('en')} records, ${size.toFixed(0)} MiB)`,
    '',
    '| measure | value | target |',
    '| --- | ---: | --- |',
    `| verify, in process (median of 3) | ${fmt(median)} = ${Math.round(rate).toLocaleString('en')} records/s | ≥ 200,000/s ${rate >= 200_000 ? 'met' : '**not met**'} |`,
    `| \`cloudops audit verify\` (whole command) | ${fmt(cli.ms)} = ${Math.round(cliRate).toLocaleString('en')} records/s, ${cli.rssMiB?.toFixed(0) ?? '-'} MiB peak | - |`,
    `| \`cloudops audit tail -n 20\` (whole command) | ${fmt(tail.ms)}, ${tail.rssMiB?.toFixed(0) ?? '-'} MiB peak | - |`,
    `| one append incl. lock + fsync, p50 (${appends} appends) | ${pct(50).toFixed(2)} ms | ≤ 5 ms ${pct(50) <= 5 ? 'met' : '**not met**'} |`,
    `| one append, p95 / max | ${pct(95).toFixed(2)} ms / ${(latencies.at(-1) ?? 0).toFixed(2)} ms | - |`,
    '',
  ]
}
