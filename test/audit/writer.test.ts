import { spawn, spawnSync } from 'node:child_process'
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { headPath, readHead } from '../../src/audit/head.js'
import { openAuditSink, recordCommandFailure } from '../../src/audit/open.js'
import { learnActor } from '../../src/audit/sink.js'
import { verifyAuditLog } from '../../src/audit/verify.js'
import { appendLine, FileAuditSink, localActor, readTail, withLogLock } from '../../src/audit/writer.js'
import { resolvePaths } from '../../src/config/paths.js'
import { ensureSigningKey, loadSigningKey, type SigningKey } from '../../src/config/signing-key.js'
import { AuditInvalidError, RuntimeError } from '../../src/errors.js'
import { toolVersion } from '../../src/version.js'

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

const readRecords = () =>
  readFileSync(log, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l))
const event = (run_id = 'r', data: Record<string, unknown> = {}) => ({ run_id, kind: 'step_finished' as const, data })
const signingKey = (): SigningKey => {
  const paths = resolvePaths({ HOME: dir })
  ensureSigningKey(paths)
  return loadSigningKey(paths) as SigningKey
}

describe('the records it writes', () => {
  const actor = { user: 'ana', host: 'vm-1', tool_version: '9.9.9' }
  const at = (iso: string) => () => new Date(iso)

  it('localActor is this user, this host and this version', () => {
    expect(localActor()).toEqual({ user: userInfo().username, host: hostname(), tool_version: toolVersion() })
  })

  it('every field: version, seq from 1, the time now, run, kind, actor, data, and the chain from a random log id', async () => {
    const sink = new FileAuditSink(log, actor, undefined, at('2026-02-03T04:05:06.007Z'))
    await sink.append({ run_id: 'run-a', kind: 'run_started', data: { command: 'ask' } })
    await sink.append({ run_id: 'run-a', kind: 'run_finished', data: { status: 'succeeded' } })
    const [first, second] = readRecords()
    expect(first).toEqual({
      v: 1,
      seq: 1,
      ts: '2026-02-03T04:05:06.007Z',
      run_id: 'run-a',
      kind: 'run_started',
      actor,
      data: { command: 'ask' },
      prev: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(second).toMatchObject({ seq: 2, kind: 'run_finished', prev: first.hash })
    expect(readHead(log)).toEqual({ seq: 2, hash: second.hash, ts: '2026-02-03T04:05:06.007Z' })
    expect(readTail(log)).toEqual({ seq: 2, hash: second.hash })
  })

  it('two new logs start from two different log ids', async () => {
    await new FileAuditSink(log, actor).append(event())
    const other = join(dir, 'other', 'audit.jsonl')
    await new FileAuditSink(other, actor).append(event())
    const prevOf = (f: string) => JSON.parse(readFileSync(f, 'utf8')).prev
    expect(prevOf(log)).not.toBe(prevOf(other))
  })

  it('the actor: what the run learned, then what the event says, over the sink’s own', async () => {
    learnActor('run-learned', { aws_arn: 'arn:aws:iam::123456789012:user/ana' })
    const sink = new FileAuditSink(log, actor)
    await sink.append({ ...event('run-learned'), actor: { kube_user: 'ana@example', host: 'pod-7' } })
    await sink.append(event('run-plain'))
    const [a, b] = readRecords()
    expect(a.actor).toEqual({
      ...actor,
      host: 'pod-7',
      aws_arn: 'arn:aws:iam::123456789012:user/ana',
      kube_user: 'ana@example',
    })
    expect(b.actor).toEqual(actor)
  })

  it('appends made at once in one process are written in the order they were called, each with the actor known then', async () => {
    const sink = new FileAuditSink(log, actor)
    const first = sink.append({ run_id: 'run-order', kind: 'step_started', data: { i: 0 } })
    // Learned after the first append was called and before it is written: only the later records carry it.
    learnActor('run-order', { aws_arn: 'arn:aws:iam::123456789012:user/late' })
    const rest = Array.from({ length: 30 }, (_, i) =>
      sink.append({ run_id: 'run-order', kind: 'step_finished', data: { i: i + 1 } }),
    )
    await Promise.all([first, ...rest])
    const records = readRecords()
    expect(records.map((r) => r.data.i)).toEqual(Array.from({ length: 31 }, (_, i) => i))
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1))
    expect(records[0]?.actor.aws_arn).toBeUndefined()
    expect(records.slice(1).every((r) => r.actor.aws_arn === 'arn:aws:iam::123456789012:user/late')).toBe(true)
    expect(verifyAuditLog(log).valid).toBe(true)
  })

  it('appends made together each resolve only once their own record is in the file', async () => {
    const sink = new FileAuditSink(log, actor)
    const seen: number[][] = []
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sink.append({ run_id: 'run-durable', kind: 'step_finished', data: { i } }).then(() => {
          seen.push(readRecords().map((r) => r.data.i))
        }),
      ),
    )
    seen.forEach((inFile, i) => {
      expect(inFile).toContain(i)
    })
    expect(verifyAuditLog(log)).toMatchObject({ valid: true, records: 20 })
  })

  it('a failed append does not hold up the ones called after it', async () => {
    const sink = new FileAuditSink(log, actor)
    const bad = sink.append({ run_id: 'run-fail', kind: 'step_finished', data: { n: 1n } as never })
    const good = sink.append({ run_id: 'run-fail', kind: 'step_finished', data: { i: 2 } })
    await expect(bad).rejects.toThrow()
    await good
    expect(readRecords().map((r) => r.data.i)).toEqual([2])
  })

  it('redacts every string in data, however deep, and keeps every other value as it is', async () => {
    await new FileAuditSink(log, actor).append(
      event('r', {
        q: 'password=hunter2 please',
        n: 5,
        ok: true,
        none: null,
        list: ['auth.token=abcdef123456 in config', 7, ['api_key=abc123 and secret: xyz']],
        nested: { deep: { k: 'key AKIAIOSFODNN7EXAMPLE in prod' } },
      }),
    )
    expect(readRecords()[0].data).toEqual({
      q: 'password=[REDACTED] please',
      n: 5,
      ok: true,
      none: null,
      list: ['auth.token=[REDACTED:token] in config', 7, ['api_key=[REDACTED] and secret: [REDACTED]']],
      nested: { deep: { k: 'key [REDACTED:aws-key-id] in prod' } },
    })
  })

  it('appends to an empty file as to a new log', async () => {
    mkdirSync(join(dir, 'state'), { recursive: true })
    writeFileSync(log, '')
    await new FileAuditSink(log, actor).append(event())
    expect(readRecords().map((r) => r.seq)).toEqual([1])
  })
})

describe('checkpoints', () => {
  it('the run’s checkpoint carries the run id of the last record it follows', async () => {
    const sink = new FileAuditSink(log, undefined, signingKey())
    await sink.append(event('run-1'))
    await sink.append(event('run-2'))
    await sink.close()
    expect(readRecords().map((r) => [r.kind, r.run_id])).toEqual([
      ['step_finished', 'run-1'],
      ['step_finished', 'run-2'],
      ['checkpoint', 'run-2'],
    ])
  })

  it('without a key, closing writes nothing', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    await sink.close()
    expect(readRecords().map((r) => r.kind)).toEqual(['step_finished'])
  })

  it('closing after the log and its head were moved aside writes nothing (nothing to sign)', async () => {
    const sink = new FileAuditSink(log, undefined, signingKey())
    await sink.append(event())
    unlinkSync(log)
    unlinkSync(headPath(log))
    await sink.close()
    expect(existsSync(log)).toBe(false)
  })
})

describe('appendLine', () => {
  it('appends the line and its newline; undo cuts the file back to what it was', () => {
    mkdirSync(join(dir, 'state'), { recursive: true })
    writeFileSync(log, 'one\n')
    const big = 'x'.repeat(200_000)
    const written = appendLine(log, big)
    expect(readFileSync(log, 'utf8')).toBe(`one\n${big}\n`)
    written.undo()
    expect(readFileSync(log, 'utf8')).toBe('one\n')
  })
})

describe('readTail', () => {
  it('no file: undefined; a record: its seq and hash; a record without them: an error', () => {
    expect(readTail(log)).toBeUndefined()
    mkdirSync(join(dir, 'state'), { recursive: true })
    writeFileSync(log, '{"seq":4,"hash":"ab"}\n')
    expect(readTail(log)).toEqual({ seq: 4, hash: 'ab' })
    for (const last of ['{"seq":"4","hash":"ab"}', '{"seq":4,"hash":7}', '{"seq":4}']) {
      writeFileSync(log, `${last}\n`)
      expect(() => readTail(log)).toThrow('the last record is malformed')
    }
  })
})

describe('a log that does not end in a whole record', () => {
  const tornMessage = () => `the audit log ${log} ends in a torn record (a crash or a full disk); nothing was run`
  it.each([
    ['a last line cut short (no newline)', '{"seq":3,"hash":"ab'],
    ['a whole line that is not JSON', 'not json {\n'],
    ['a whole JSON line that is not a record', '{"seq":"3","hash":"ab"}\n'],
  ])('%s: refused as torn, with the fix, and nothing appended', async (_n, tail) => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    appendFileSync(log, tail)
    const before = readFileSync(log, 'utf8')
    const err = await sink.append(event()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AuditInvalidError)
    expect(err).toMatchObject({
      message: tornMessage(),
      hint: 'Run `cloudops audit repair`: it moves the torn bytes to a file beside the log and records that it did.',
    })
    expect(readFileSync(log, 'utf8')).toBe(before)
  })

  it('a whole last record whose newline was lost: refused as torn (the next record would join its line)', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    writeFileSync(log, readFileSync(log, 'utf8').trimEnd())
    const before = readFileSync(log, 'utf8')
    const err = await sink.append(event()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AuditInvalidError)
    expect(err).toMatchObject({ message: tornMessage() })
    expect((err as Error).cause).toBeUndefined() // nothing failed to parse: the line just does not end
    expect(readFileSync(log, 'utf8')).toBe(before)
  })

  it('a last line that does not parse: torn, with the parse error as the cause', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    appendFileSync(log, 'not json {\n')
    const err = await sink.append(event()).catch((e: unknown) => e)
    expect(err).toMatchObject({ message: tornMessage() })
    expect((err as Error).cause).toBeInstanceOf(SyntaxError)
  })

  it('a refusal of the head anchor is passed on as it is, not called torn', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    writeFileSync(headPath(log), 'garbage')
    await expect(sink.append(event())).rejects.toThrow(/has an unreadable head anchor; nothing was run/)
  })
})

describe('failures to write', () => {
  const hint = 'Check the file and its directory are writable (`cloudops doctor`), and run `cloudops audit verify`.'

  it('a directory that cannot be made: says so, with the cause, and fails closed', async () => {
    const notADir = join(dir, 'plain-file')
    writeFileSync(notADir, '')
    const blocked = join(notADir, 'audit.jsonl')
    const err = await new FileAuditSink(blocked).append(event()).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'AuditLogError', hint })
    expect((err as Error).message).toMatch(
      new RegExp(`^cannot write the audit log ${blocked} \\(lock: E[A-Z]+: .+\\); nothing was run$`),
    )
    expect((err as Error).cause).toBeInstanceOf(Error)
  })

  it('a full disk: one line naming the directory to free, and no head written', async () => {
    mkdirSync(join(dir, 'state'), { recursive: true })
    symlinkSync('/dev/full', log) // every write there fails with ENOSPC
    const err = await new FileAuditSink(log).append(event()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RuntimeError)
    expect(err).toMatchObject({
      message: `disk full: free space in ${join(dir, 'state')}; nothing was run`,
      hint: 'The audit log was left as it was before this run (no half-written record). Free some space and run again.',
      cause: expect.objectContaining({ code: 'ENOSPC' }),
    })
    expect(existsSync(headPath(log))).toBe(false)
  })

  it('a head anchor that cannot be written: the record is taken back, and the failure says why', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    const before = readFileSync(log, 'utf8')
    mkdirSync(`${headPath(log)}.${process.pid}.tmp`) // where the new head is written first
    const err = await sink.append(event()).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'AuditLogError', hint })
    expect((err as Error).message).toMatch(
      new RegExp(`^cannot write the audit log ${log} \\(head anchor: .+\\); nothing was run$`),
    )
    expect(readFileSync(log, 'utf8')).toBe(before)
    expect(verifyAuditLog(log)).toMatchObject({ valid: true, records: 1 })
  })

  it('a head anchor that cannot be written refuses each append made meanwhile, and appends go on once it can', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    const before = readFileSync(log, 'utf8')
    mkdirSync(`${headPath(log)}.${process.pid}.tmp`)
    const errs = await Promise.all([1, 2, 3].map(() => sink.append(event()).catch((e: unknown) => e)))
    for (const err of errs) expect(err).toMatchObject({ name: 'AuditLogError', hint })
    expect(readFileSync(log, 'utf8')).toBe(before)
    rmSync(`${headPath(log)}.${process.pid}.tmp`, { recursive: true })
    await sink.append(event())
    expect(verifyAuditLog(log)).toMatchObject({ valid: true, records: 2 })
  })
})

describe('the lock', () => {
  it('a lock that cannot be made (not one held by another) fails at once, not after the retries', async () => {
    const long = join(dir, 'state', 'a'.repeat(252)) // a legal name, but its .lock is too long for one
    const started = Date.now()
    const err = await new FileAuditSink(long).append(event()).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(err).toMatchObject({ name: 'AuditLogError' })
    expect((err as Error).message).toMatch(
      /^cannot write the audit log .* \(lock: ENAMETOOLONG: .+\); nothing was run$/,
    )
  })

  it('names its owner (this process, this host) while held, and forgets it when released', async () => {
    mkdirSync(join(dir, 'state'), { recursive: true })
    const owner = await withLogLock(log, () => JSON.parse(readFileSync(`${log}.lock-owner`, 'utf8')))
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() })
    expect(existsSync(`${log}.lock-owner`)).toBe(false)
    expect(existsSync(`${log}.lock`)).toBe(false)
  })

  it('appends from many sinks at once in one process: one chain, no gap, no duplicate', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => new FileAuditSink(log).append(event(`sink-${i}`))))
    expect(readRecords().map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    expect(verifyAuditLog(log)).toMatchObject({ valid: true, records: 12 })
    expect(existsSync(`${log}.lock`)).toBe(false)
    expect(existsSync(`${log}.lock-owner`)).toBe(false)
  })

  it('left by a process that died is taken at once, and released after', async () => {
    await new FileAuditSink(log).append(event())
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number
    mkdirSync(`${log}.lock`)
    writeFileSync(`${log}.lock-owner`, JSON.stringify({ pid: dead, host: hostname() }))
    const started = Date.now()
    await new FileAuditSink(log).append(event())
    expect(Date.now() - started).toBeLessThan(5000) // not proper-lockfile's 10 s staleness
    expect(readRecords().map((r) => r.seq)).toEqual([1, 2])
    expect(existsSync(`${log}.lock`)).toBe(false)
    expect(existsSync(`${log}.lock-owner`)).toBe(false)
  })

  it('is released when the append fails, so the next append is not kept waiting', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    writeFileSync(headPath(log), 'garbage')
    await expect(sink.append(event())).rejects.toBeInstanceOf(AuditInvalidError)
    expect(existsSync(`${log}.lock`)).toBe(false)
    expect(existsSync(`${log}.lock-owner`)).toBe(false)
  })
})

describe('file handles', () => {
  const open = () => readdirSync('/proc/self/fd').length

  it('none is left open by appends, refusals or a record taken back', async () => {
    const sink = new FileAuditSink(log)
    await sink.append(event())
    const before = open()
    for (let i = 0; i < 20; i++) await sink.append(event())
    writeFileSync(log, readFileSync(log, 'utf8').trimEnd()) // torn: refused after endsCleanly looked
    for (let i = 0; i < 20; i++) await expect(sink.append(event())).rejects.toBeInstanceOf(AuditInvalidError)
    appendFileSync(log, '\n')
    mkdirSync(`${headPath(log)}.${process.pid}.tmp`) // the head cannot be written: the record is taken back
    for (let i = 0; i < 20; i++) await expect(sink.append(event())).rejects.toThrow(/head anchor/)
    expect(open()).toBeLessThan(before + 10)
  })
})
