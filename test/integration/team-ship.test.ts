// Team mode against a real nats-server with JetStream: `audit ship` (cursor, idempotency, resume after the
// server is killed mid-ship, a tampered record stops it, metadata and full copies) and `audit verify --from-stream`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toCloudEvent } from '../../src/team/event.js'
import { teamSettings } from '../../src/team/settings.js'
import { shipAudit } from '../../src/team/ship.js'
import { canonicalJson, sha256Hex } from '../../src/util/hash.js'
import { writeAuditLog } from '../support/audit-log.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { type Nats, startNats } from '../support/servers/nats.js'

let nats: Nats
let nc: NatsConnection
const sandboxes: Sandbox[] = []

function teamSandbox(team: Record<string, unknown> = {}, url = nats.url): Sandbox {
  const s = cliSandbox()
  sandboxes.push(s)
  const dir = join(s.home, 'config', 'cloudops')
  mkdirSync(dir, { recursive: true })
  const lines = Object.entries({ nats_url: url, ...team }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
  writeFileSync(join(dir, 'config.yaml'), `team:\n${lines.join('\n')}\n`)
  return s
}
const logOf = (s: Sandbox) => join(s.home, 'state', 'cloudops', 'audit.jsonl')
const cursorOf = (s: Sandbox) => join(s.home, 'state', 'cloudops', 'team-ship-cursor.json')

async function copies(host: string, stream = 'CLOUDOPS_AUDIT'): Promise<number> {
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info(stream, { subjects_filter: `cloudops.audit.${host}` })
  return info.state.subjects?.[`cloudops.audit.${host}`] ?? 0
}

beforeAll(async () => {
  nats = await startNats()
  nc = await connect({ servers: nats.url })
})
afterAll(async () => {
  await nc?.close()
  await nats?.stop()
  for (const s of sandboxes) s.cleanup()
})

describe('audit ship', () => {
  it('ships 10,000 records, resumes after the server is killed mid-ship, and ends with exactly 10,000 copies', async () => {
    const s = teamSandbox()
    writeAuditLog(logOf(s), 10_000, { host: 'bulk-host', question: 'why is payment-api crashlooping?' })
    const settings = teamSettings({ team: { nats_url: nats.url } }, {})
    let killed = false
    const first = shipAudit(settings, {
      log: logOf(s),
      cursorFile: cursorOf(s),
      batchSize: 500,
      onBatch: async (n) => {
        if (n >= 3000 && !killed) {
          killed = true
          await nats.kill()
        }
      },
    })
    await expect(first).rejects.toThrow(/cannot reach the team's NATS server/)
    await nats.start()
    await nc.close()
    nc = await connect({ servers: nats.url })
    const partial = await copies('bulk-host')
    expect(partial).toBeGreaterThanOrEqual(3000)
    expect(partial).toBeLessThan(10_000)

    const r = s.run(['audit', 'ship', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result).toEqual({ shipped: 10_000 - partial, already_shipped: partial, last_seq: 10_000 })
    expect(await copies('bulk-host')).toBe(10_000)

    const again = JSON.parse(s.run(['audit', 'ship', '--json']).stdout)
    expect(again).toEqual({ shipped: 0, already_shipped: 10_000, last_seq: 10_000 })
    expect(await copies('bulk-host')).toBe(10_000)

    const v = s.run(['audit', 'verify', '--from-stream', '--host', 'bulk-host', '--json'])
    expect(v.code, v.stdout).toBe(0)
    expect(JSON.parse(v.stdout)).toEqual({ valid: true, records: 10_000, first_invalid_seq: null, problems: [] })
  }, 120_000)

  it('a lost cursor costs nothing: the stream says where it is, and a resend would be a duplicate', async () => {
    const s = teamSandbox()
    writeAuditLog(logOf(s), 50, { host: 'cursorless' })
    expect(JSON.parse(s.run(['audit', 'ship', '--json']).stdout).shipped).toBe(50)
    writeFileSync(cursorOf(s), '{}')
    expect(JSON.parse(s.run(['audit', 'ship', '--json']).stdout)).toEqual({
      shipped: 0,
      already_shipped: 50,
      last_seq: 50,
    })
    // A publish of a record the stream holds, with its Nats-Msg-Id, is dropped by the server.
    const record = JSON.parse(readFileSync(logOf(s), 'utf8').split('\n')[9] as string)
    const ack = await jetstream(nc).publish('cloudops.audit.cursorless', JSON.stringify(toCloudEvent(record, 'full')), {
      msgID: record.hash,
    })
    expect(ack.duplicate).toBe(true)
    expect(await copies('cursorless')).toBe(50)
  })

  it('stops at a tampered record: what is before it ships, it and the rest do not (exit 7)', async () => {
    const s = teamSandbox()
    writeAuditLog(logOf(s), 20, { host: 'tampered' })
    const lines = readFileSync(logOf(s), 'utf8').split('\n')
    lines[11] = (lines[11] as string).replace('"status":"ok"', '"status":"failed"')
    writeFileSync(logOf(s), lines.join('\n'))
    const r = s.run(['audit', 'ship', '--json'])
    expect(r.code).toBe(7)
    expect(JSON.parse(r.stdout)).toEqual({ shipped: 11, already_shipped: 0, last_seq: 11 })
    expect(r.stderr).toMatch(/stopped at seq 12, which fails local verification \(hash mismatch/)
    expect(await copies('tampered')).toBe(11)
    const v = s.run(['audit', 'verify', '--from-stream', '--host', 'tampered', '--json'])
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, records: 11 })
  })

  it('metadata mode drops the question (its SHA-256 stays) and full keeps it; both verify centrally', async () => {
    const question = 'why is payment-api crashlooping in shop?'
    const meta = teamSandbox()
    writeAuditLog(logOf(meta), 11, { host: 'meta-host', question })
    const full = teamSandbox({ ship: 'full' })
    writeAuditLog(logOf(full), 11, { host: 'full-host', question })
    for (const s of [meta, full]) expect(s.run(['audit', 'ship']).code).toBe(0)

    const jsm = await jetstreamManager(nc)
    const metaCopy = await jsm.streams.getMessage('CLOUDOPS_AUDIT', { last_by_subj: 'cloudops.audit.meta-host' })
    const metaText = new TextDecoder().decode(metaCopy?.data)
    expect(metaText).not.toContain('payment-api')
    const event = JSON.parse(metaText)
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'dev.cloudops.audit.intent_parsed',
      source: 'cloudops://meta-host/ops',
    })
    expect(event.data.data.question).toEqual({ redacted_sha256: sha256Hex(canonicalJson(question)) })
    expect(event.data.redacted).toEqual(['data.question'])
    const fullCopy = await jsm.streams.getMessage('CLOUDOPS_AUDIT', { last_by_subj: 'cloudops.audit.full-host' })
    expect(JSON.parse(new TextDecoder().decode(fullCopy?.data)).data.data.question).toBe(question)

    for (const host of ['meta-host', 'full-host']) {
      const v = meta.run(['audit', 'verify', '--from-stream', '--host', host, '--json'])
      expect(v.code, v.stdout).toBe(0)
      expect(JSON.parse(v.stdout).records).toBe(11)
    }
  })

  it('two hosts ship to one stream and verify apart', async () => {
    const a = teamSandbox()
    const b = teamSandbox()
    writeAuditLog(logOf(a), 30, { host: 'host-a' })
    writeAuditLog(logOf(b), 40, { host: 'host-b' })
    expect(a.run(['audit', 'ship']).code).toBe(0)
    expect(b.run(['audit', 'ship']).code).toBe(0)
    expect(JSON.parse(a.run(['audit', 'verify', '--from-stream', '--host', 'host-a', '--json']).stdout).records).toBe(
      30,
    )
    expect(JSON.parse(a.run(['audit', 'verify', '--from-stream', '--host', 'host-b', '--json']).stdout).records).toBe(
      40,
    )
    const none = a.run(['audit', 'verify', '--from-stream', '--host', 'host-z'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no audit copies from host host-z.*host-a/)
  })

  it('the server unreachable: exit 1, one line, a failure record, and the next ship catches up', async () => {
    const s = teamSandbox({}, 'nats://127.0.0.1:1')
    writeAuditLog(logOf(s), 5, { host: 'offline-host' })
    const r = s.run(['audit', 'ship', '--json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).error.message).toMatch(/cannot reach the team's NATS server nats:\/\/127.0.0.1:1/)
    const log = readFileSync(logOf(s), 'utf8').trim().split('\n')
    expect(JSON.parse(log.at(-1) as string)).toMatchObject({ kind: 'command_failed', data: { exit_code: 1 } })
    writeFileSync(join(s.home, 'config', 'cloudops', 'config.yaml'), `team:\n  nats_url: ${nats.url}\n`)
    const next = s.run(['audit', 'ship', '--json'])
    expect(JSON.parse(next.stdout)).toEqual({ shipped: 6, already_shipped: 0, last_seq: 6 })
  })
})

describe('audit verify --from-stream', () => {
  /** Publishes a host's copies as a stream would hold them after someone meddled. */
  async function publishCopies(
    host: string,
    meddle: (events: ReturnType<typeof toCloudEvent>[]) => void,
    mode: 'full' | 'metadata' = 'full',
  ) {
    const s = teamSandbox()
    const records = writeAuditLog(logOf(s), 10, { host, question: 'which pods crashloop?' })
    const events = records.map((r) => toCloudEvent(r, mode))
    meddle(events)
    const js = jetstream(nc)
    for (const e of events) await js.publish(`cloudops.audit.${host}`, JSON.stringify(e))
    return s.run(['audit', 'verify', '--from-stream', '--host', host, '--json'])
  }

  it.each([
    ['gap', (e: ReturnType<typeof toCloudEvent>[]) => e.splice(4, 1), 6, 'gap: expected seq 5, found 6'],
    [
      'reorder',
      (e: ReturnType<typeof toCloudEvent>[]) => e.splice(3, 2, e[4] as never, e[3] as never),
      5,
      'gap: expected seq 4, found 5',
    ],
    [
      'edit',
      (e: ReturnType<typeof toCloudEvent>[]) => {
        ;(e[6] as ReturnType<typeof toCloudEvent>).data.data.status = 'failed'
      },
      7,
      'hash mismatch: the copy was altered',
    ],
  ])('finds a %s in the stream (exit 7)', async (kind, meddle, seq, reason) => {
    const r = await publishCopies(`meddled-${kind}`, meddle)
    expect(r.code).toBe(7)
    const report = JSON.parse(r.stdout)
    expect(report.valid).toBe(false)
    expect(report.first_invalid_seq).toBe(seq)
    expect(report.problems[0].reason).toBe(reason)
  })

  it('an edit of a metadata copy is caught by its copy hash', async () => {
    const r = await publishCopies(
      'meddled-meta',
      (events) => {
        ;(events[0] as ReturnType<typeof toCloudEvent>).data.data.playbook = 'aws-cost-breakdown'
      },
      'metadata',
    )
    expect(r.code).toBe(7)
    expect(JSON.parse(r.stdout).problems[0]).toEqual({ seq: 1, reason: 'hash mismatch: the copy was altered' })
  })
})
