// Team credentials against a real nats-server that requires a token: NATS_TOKEN works and appears in no output,
// audit record, cursor or cache; a missing or wrong one is refused (exit 2) without echoing it; a creds file others
// can read is refused; and a server that never answers ends `audit ship` (exit 1) instead of hanging it.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeAuditLog } from '../support/audit-log.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { type Nats, startNats } from '../support/servers/nats.js'
import { freePort } from '../support/servers/process.js'

const token = 'tok-3f9a7c1e5b2d4680-secret'
let nats: Nats
const sandboxes: Sandbox[] = []

function sandbox(team: string): Sandbox {
  const s = cliSandbox()
  sandboxes.push(s)
  mkdirSync(join(s.home, 'config', 'cloudops'), { recursive: true })
  writeFileSync(join(s.home, 'config', 'cloudops', 'config.yaml'), `team:\n${team}`)
  writeAuditLog(join(s.home, 'state', 'cloudops', 'audit.jsonl'), 5, { host: `auth-${sandboxes.length}` })
  return s
}

/** Every file under the sandbox's home, read: the token must be in none of them. */
function everyFile(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
}

beforeAll(async () => {
  nats = await startNats({ token })
})
afterAll(async () => {
  await nats?.stop()
  for (const s of sandboxes) s.cleanup()
})

describe('team credentials', () => {
  it('NATS_TOKEN is used, and is in no output, audit record, cursor or cache', () => {
    const s = sandbox(`  nats_url: ${nats.url}\n`)
    const r = s.run(['audit', 'ship', '--json', '--verbose'], { env: { NATS_TOKEN: token } })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).shipped).toBe(5)
    const v = s.run(['audit', 'verify', '--from-stream', '--host', 'auth-1'], { env: { NATS_TOKEN: token } })
    expect(v.code, v.stderr).toBe(0)
    for (const out of [r.stdout, r.stderr, v.stdout, v.stderr]) expect(out).not.toContain(token)
    for (const f of everyFile(s.home)) expect(readFileSync(f, 'utf8'), f).not.toContain(token)
  })

  it.each([
    ['no token', undefined],
    ['a wrong token', 'tok-wrong-0000'],
  ])('%s: refused (exit 2), the token never echoed', (_, given) => {
    const s = sandbox(`  nats_url: ${nats.url}\n`)
    const r = s.run(['audit', 'ship'], { env: { NATS_TOKEN: given } })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/refused the credentials/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    if (given) expect(r.stderr).not.toContain(given)
  })

  it('a server URL with credentials in it is refused by config validation (exit 2)', () => {
    const s = sandbox(`  nats_url: ${nats.url}\n`)
    const r = s.run(['config', 'set', 'team.nats_url', `nats://ops:${token}@127.0.0.1:4222`])
    expect(r.code).toBe(2)
    expect(r.stderr).not.toContain(token)
    expect(readFileSync(join(s.home, 'config', 'cloudops', 'config.yaml'), 'utf8')).not.toContain(token)
  })

  it('a creds file others can read is refused before any connection', () => {
    const s = sandbox(`  nats_url: ${nats.url}\n  creds_file: ~/team.creds\n`)
    writeFileSync(join(s.home, 'team.creds'), '-----BEGIN NATS USER JWT-----\nx\n------END NATS USER JWT------\n')
    chmodSync(join(s.home, 'team.creds'), 0o644)
    const r = s.run(['audit', 'ship'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/readable by others \(mode 644\).*chmod 600/)
  })

  it('a server that never answers: audit ship ends with exit 1, it does not hang', async () => {
    const sockets: Socket[] = []
    const port = await freePort()
    const hung: Server = createServer((x) => sockets.push(x))
    await new Promise<void>((r) => hung.listen(port, '127.0.0.1', r))
    try {
      const s = sandbox(`  nats_url: nats://127.0.0.1:${port}\n`)
      const started = Date.now()
      const r = await s.runAsync(['audit', 'ship'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/cannot reach the team's NATS server/)
      expect(Date.now() - started).toBeLessThan(15_000)
    } finally {
      for (const x of sockets) x.destroy()
      hung.close()
    }
  })
})
