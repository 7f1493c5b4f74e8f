import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileAuditSink } from '../../src/audit/writer.js'
import { validatorFor } from '../../src/schema/validator.js'
import { cliSandbox } from '../support/cli.js'
import { follow } from '../support/follow.js'

const sandbox = cliSandbox()
const log = join(sandbox.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
afterAll(() => sandbox.cleanup())

beforeAll(async () => {
  const sink = new FileAuditSink(log)
  await sink.append({
    run_id: 'RUNAAAA1',
    kind: 'run_started',
    data: { command: 'run', playbook: 'k8s-node-health', environment: 'dev' },
  })
  await sink.append({ run_id: 'RUNAAAA1', kind: 'run_finished', data: { status: 'succeeded', exit_code: 0 } })
  await sink.append({
    run_id: 'RUNBBBB2',
    kind: 'run_started',
    data: { command: 'ask', question: 'pending pods in prod' },
  })
  await sink.close()
})

describe('audit list filters', () => {
  it('--status keeps the runs that ended so; --limit the newest N, saying how many it left out', () => {
    const failed = JSON.parse(sandbox.run(['audit', 'list', '--status', 'succeeded', '--json']).stdout)
    expect(failed.map((r: { run_id: string }) => r.run_id)).toEqual(['RUNAAAA1'])
    const running = JSON.parse(sandbox.run(['audit', 'list', '--status', 'running', '--json']).stdout)
    expect(running.map((r: { run_id: string }) => r.run_id)).toEqual(['RUNBBBB2'])
    const one = sandbox.run(['audit', 'list', '--limit', '1'])
    expect(one.stdout).toMatch(/RUNBBBB2/)
    expect(one.stdout).not.toMatch(/RUNAAAA1/)
    expect(one.stdout).toContain('(1 older run(s) not shown: --limit 2 shows them)')
  })

  it('--since takes a time ago or an ISO date; a bad one is exit 2 before any output', () => {
    expect(JSON.parse(sandbox.run(['audit', 'list', '--since', '1h', '--json']).stdout)).toHaveLength(2)
    expect(JSON.parse(sandbox.run(['audit', 'list', '--since', '2999-01-01', '--json']).stdout)).toEqual([])
    expect(sandbox.run(['audit', 'list', '--since', '2999-01-01']).stdout).toBe('No runs match.\n')
    const bad = sandbox.run(['audit', 'list', '--since', 'yesterdayish'])
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toMatch(/--since "yesterdayish" is not a date/)
    expect(sandbox.run(['audit', 'list', '--status', 'exploded']).code).toBe(2)
  })
})

describe('cloudops audit', () => {
  it('verify --json prints the contract shape and exits 0 on a valid log', () => {
    const r = sandbox.run(['audit', 'verify', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toEqual({ valid: true, records: 3, first_invalid_seq: null, problems: [] })
    expect(validatorFor('audit-verify')(out)).toBe(true)
  })

  it('list shows runs newest first; show accepts a prefix', () => {
    const runs = JSON.parse(sandbox.run(['audit', 'list', '--json']).stdout)
    expect(runs.map((r: { run_id: string }) => r.run_id)).toEqual(['RUNBBBB2', 'RUNAAAA1'])
    expect(runs[1]).toMatchObject({ playbook: 'k8s-node-health', status: 'succeeded' })
    const shown = sandbox.run(['audit', 'show', 'RUNA'])
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('run_finished')
    expect(sandbox.run(['audit', 'show', 'RUN']).code).toBe(2) // ambiguous
  })

  it('export filters by run and writes CSV; a run that is not in the log is exit 2 before any output', () => {
    const jsonl = sandbox.run(['audit', 'export', '--run', 'RUNB']).stdout.trim().split('\n')
    expect(jsonl).toHaveLength(1)
    expect(JSON.parse(jsonl[0] ?? '')).toMatchObject({ run_id: 'RUNBBBB2', kind: 'run_started' })
    for (const format of ['jsonl', 'csv']) {
      const missing = sandbox.run(['audit', 'export', '--run', 'RUNC', '--format', format])
      expect(missing.code).toBe(2)
      expect(missing.stdout).toBe('')
      expect(missing.stderr.trim()).toBe('Error: no run RUNC in the audit log — See `cloudops audit list`.')
    }
    // A time window that holds no record is an empty export, not a mistake.
    const empty = sandbox.run(['audit', 'export', '--run', 'RUNA', '--since', '2999-01-01'])
    expect(empty.code).toBe(0)
    expect(empty.stdout).toBe('')
    const csv = sandbox.run(['audit', 'export', '--format', 'csv']).stdout.trim().split('\n')
    expect(csv[0]).toBe('seq,ts,run_id,kind,user,host,data,prev,hash')
    expect(csv).toHaveLength(4)
  })

  it('tail -n prints the last records', () => {
    expect(sandbox.run(['audit', 'tail', '-n', '1']).stdout.trim().split('\n')).toHaveLength(1)
  })

  it('verify exits 7 on a tampered log; --json keeps the contract shape on stdout', () => {
    const original = readFileSync(log, 'utf8')
    writeFileSync(log, original.replace('pending pods in prod', 'pending pods in dev'))
    const r = sandbox.run(['audit', 'verify', '--json'])
    expect(r.code).toBe(7)
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, records: 3, first_invalid_seq: 3 })
    expect(r.stderr).toMatch(/^Error: audit log is invalid/)
    const human = sandbox.run(['audit', 'verify'])
    expect(human.code).toBe(7)
    expect(human.stdout).toContain('seq 3')
    writeFileSync(log, original)
  })

  it('rotate keeps the chain verifiable', () => {
    expect(sandbox.run(['audit', 'rotate']).code).toBe(0)
    expect(JSON.parse(sandbox.run(['audit', 'verify', '--json']).stdout)).toMatchObject({ valid: true, records: 4 })
  })
})

describe('audit tail across a rotation', () => {
  const sb = cliSandbox()
  const liveLog = join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
  afterAll(() => sb.cleanup())
  const appendSteps = async (...steps: number[]) => {
    const sink = new FileAuditSink(liveLog)
    for (const i of steps) await sink.append({ run_id: 'RUNTAIL1', kind: 'step_finished', data: { i } })
  }
  const jsonLines = (text: string) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { seq: number; kind: string })

  it('tail -n reads back from the live file into the rotated one, oldest first', async () => {
    await appendSteps(1, 2, 3)
    expect(sb.run(['audit', 'rotate']).code).toBe(0)
    await appendSteps(4)
    const r = sb.run(['audit', 'tail', '-n', '3', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(jsonLines(r.stdout).map((x) => [x.seq, x.kind])).toEqual([
      [3, 'step_finished'],
      [4, 'log_rotated'],
      [5, 'step_finished'],
    ])
  })

  it('tail -f prints what is appended before and after a rotation, each record once, in order', async () => {
    const tail = follow(['audit', 'tail', '-f', '-n', '1', '--json'], { env: sb.env })
    await tail.until(() => tail.output().includes('\n'))
    await appendSteps(5)
    await tail.until(() => jsonLines(tail.output()).length >= 2)
    expect(sb.run(['audit', 'rotate']).code).toBe(0)
    await appendSteps(6)
    await tail.until(() => jsonLines(tail.output()).length >= 4)
    expect(await tail.interrupt()).toBe(0)
    expect(jsonLines(tail.output()).map((x) => [x.seq, x.kind])).toEqual([
      [5, 'step_finished'],
      [6, 'step_finished'],
      [7, 'log_rotated'],
      [8, 'step_finished'],
    ])
  })
})
