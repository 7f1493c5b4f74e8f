import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAuditSink, recordCommandFailure } from '../../src/audit/open.js'
import { verifyAuditLog } from '../../src/audit/verify.js'
import { FileAuditSink } from '../../src/audit/writer.js'
import { resolvePaths } from '../../src/config/paths.js'
import { RuntimeError } from '../../src/errors.js'

let dir: string
let log: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-audit-'))
  log = join(dir, 'state', 'audit.jsonl')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const writerModule = new URL('../../dist/audit/writer.js', import.meta.url).href

function appender(count: number, id: number): Promise<number> {
  const code = `
    const { FileAuditSink } = await import(${JSON.stringify(writerModule)});
    const sink = new FileAuditSink(process.env.LOG);
    for (let i = 0; i < ${count}; i++) await sink.append({ run_id: 'proc-${id}', kind: 'step_finished', data: { i } });
    await sink.close();`
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      env: { ...process.env, LOG: log },
      stdio: 'inherit',
    })
    child.on('error', reject)
    child.on('exit', (c) => resolve(c ?? -1))
  })
}

describe('the audit writer', () => {
  it('eight processes × 50 appends leave one valid chain of 400 contiguous records', async () => {
    await new FileAuditSink(log).append({ run_id: 'first', kind: 'run_started', data: {} })
    const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => appender(50, i)))
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    const records = readFileSync(log, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(records).toHaveLength(401)
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 401 }, (_, i) => i + 1))
    for (let p = 0; p < 8; p++) expect(records.filter((r) => r.run_id === `proc-${p}`)).toHaveLength(50)
    expect(verifyAuditLog(log)).toMatchObject({ valid: true, records: 401 })
  }, 60_000)

  it('closes a run with one signed checkpoint, however often it is closed', async () => {
    const paths = resolvePaths({ HOME: dir })
    const { ensureSigningKey, loadSigningKey } = await import('../../src/config/signing-key.js')
    ensureSigningKey(paths)
    const sink = new FileAuditSink(log, undefined, loadSigningKey(paths))
    await sink.append({ run_id: 'r', kind: 'run_started', data: {} })
    await sink.append({ run_id: 'r', kind: 'run_finished', data: { status: 'succeeded' } })
    await sink.close()
    await sink.close()
    const kinds = readFileSync(log, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).kind)
    expect(kinds).toEqual(['run_started', 'run_finished', 'checkpoint'])
    expect(verifyAuditLog(log, loadSigningKey(paths)).valid).toBe(true)
  })

  it('creates the log 0600 in a 0700 directory', async () => {
    await new FileAuditSink(log).append({ run_id: 'r', kind: 'run_started', data: {} })
    expect(statSync(log).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700)
  })

  it('never writes a secret planted in data', async () => {
    const sink = new FileAuditSink(log)
    await sink.append({
      run_id: 'r',
      kind: 'intent_parsed',
      data: {
        question:
          'why is AKIAIOSFODNN7EXAMPLE used with Bearer abcdefghijklmnopqrstu and sk-ant-api03-secretsecretsecret',
        nested: { url: 'postgres://admin:hunter2@db:5432/x', list: ['password=opensesame'] },
      },
    })
    const text = readFileSync(log, 'utf8')
    for (const secret of [
      'AKIAIOSFODNN7EXAMPLE',
      'abcdefghijklmnopqrstu',
      'secretsecretsecret',
      'hunter2',
      'opensesame',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(verifyAuditLog(log).valid).toBe(true)
  })

  it('fails closed: an unwritable log throws, and so does a deleted log whose head remains', async () => {
    const notADir = join(dir, 'plain-file')
    writeFileSync(notADir, '')
    const blocked = new FileAuditSink(join(notADir, 'audit.jsonl'))
    await expect(blocked.append({ run_id: 'r', kind: 'run_started', data: {} })).rejects.toBeInstanceOf(RuntimeError)
    const sink = new FileAuditSink(log)
    await sink.append({ run_id: 'r', kind: 'run_started', data: {} })
    await sink.close()
    unlinkSync(log)
    await expect(sink.append({ run_id: 'r', kind: 'run_finished', data: {} })).rejects.toThrow(
      /is missing or empty but its head anchor exists/,
    )
    expect(existsSync(log)).toBe(false)
  })

  it('records a command failure with a redacted message and closes the run', async () => {
    const paths = resolvePaths({ HOME: dir, CLOUDOPS_AUDIT_LOG: log })
    const sink = openAuditSink(paths)
    await recordCommandFailure(sink, 'r1', { command: 'ask', exitCode: 2, error: new Error('bad token=supersecret99') })
    const rec = JSON.parse(readFileSync(log, 'utf8'))
    expect(rec).toMatchObject({ kind: 'command_failed', data: { command: 'ask', exit_code: 2, error_class: 'Error' } })
    expect(rec.data.message).not.toContain('supersecret99')
    expect(existsSync(`${log}.head`)).toBe(true)
  })
})
