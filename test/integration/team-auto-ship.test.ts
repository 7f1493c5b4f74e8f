// team.auto_ship against a real nats-server: a run's records reach the stream when it ends; a server that is down
// or hangs costs one notice line and at most the bound, never the exit code; the next run catches up.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { autoShipBoundMs } from '../../src/team/auto-ship.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { type Nats, startNats } from '../support/servers/nats.js'
import { freePort } from '../support/servers/process.js'

let nats: Nats
let nc: NatsConnection
let hung: Server
let hungUrl: string
const sockets: Socket[] = []
const sandboxes: Sandbox[] = []
const plan = ['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev']

function configure(s: Sandbox, url: string) {
  const dir = join(s.home, 'config', 'cloudops')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'config.yaml'), `team:\n  nats_url: ${url}\n  auto_ship: true\n`)
}
function sandbox(url: string): Sandbox {
  const s = cliSandbox()
  sandboxes.push(s)
  configure(s, url)
  return s
}
const localRecords = (s: Sandbox) =>
  readFileSync(join(s.home, 'state', 'cloudops', 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n').length

async function copies(): Promise<number> {
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info('CLOUDOPS_AUDIT').catch(() => undefined)
  return info?.state.messages ?? 0
}

beforeAll(async () => {
  nats = await startNats()
  nc = await connect({ servers: nats.url })
  // A server that takes the connection and never says a word: the bound is all that ends the wait.
  const port = await freePort()
  hung = createServer((socket) => sockets.push(socket))
  await new Promise<void>((r) => hung.listen(port, '127.0.0.1', r))
  hungUrl = `nats://127.0.0.1:${port}`
})
// Every sandbox's records carry this machine's host name, so each test starts from an empty stream.
beforeEach(async () => {
  const jsm = await jetstreamManager(nc)
  await jsm.streams.purge('CLOUDOPS_AUDIT').catch(() => undefined)
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  hung?.close()
  await nc?.close()
  await nats?.stop()
  for (const s of sandboxes) s.cleanup()
})

describe('auto_ship', () => {
  it("ships the run's records when it ends, with nothing on stderr", async () => {
    const s = sandbox(nats.url)
    const r = await s.runAsync(plan)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toMatch(/auto_ship/)
    expect(await copies()).toBe(localRecords(s))
  })

  it('a failing run keeps its exit code, and its failure record is shipped too', async () => {
    const s = sandbox(nats.url)
    const r = await s.runAsync(['run', 'aws-security-group-exposure', '--env', 'nowhere'])
    expect(r.code).toBe(2)
    expect(await copies()).toBe(localRecords(s))
  })

  it.each([
    ['down', () => 'nats://127.0.0.1:1'],
    ['hung', () => hungUrl],
  ])('a server that is %s: exit 0, one notice line, within the bound; the next run catches up', async (_, url) => {
    const s = sandbox(url())
    const started = Date.now()
    const r = await s.runAsync(plan)
    const took = Date.now() - started
    expect(r.code).toBe(0)
    const notices = r.stderr.split('\n').filter((l) => l.startsWith('auto_ship:'))
    expect(notices, r.stderr).toHaveLength(1)
    expect(notices[0]).toMatch(/the next run ships the rest/)
    // The bound, plus what the run itself takes on a busy machine.
    expect(took).toBeLessThan(autoShipBoundMs + 4000)

    configure(s, nats.url)
    const next = await s.runAsync(plan)
    expect(next.code).toBe(0)
    expect(await copies()).toBe(localRecords(s))
  })
})
