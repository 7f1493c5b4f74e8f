// `doctor` in team mode, against a real nats-server that requires a token: the server reached and its stream, how
// far this host has shipped, and each way it can fail (credentials refused or readable by others, no server), in
// one line with the fix; the token in no output. Without `team:` there is no team line.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeAuditLog } from '../support/audit-log.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { type Nats, startNats } from '../support/servers/nats.js'
import { freePort } from '../support/servers/process.js'

const token = 'tok-7c2e9a41d0b35f86-secret'
let nats: Nats
const sandboxes: Sandbox[] = []

function sandbox(team: string | undefined): Sandbox {
  const s = cliSandbox()
  sandboxes.push(s)
  mkdirSync(join(s.home, 'config', 'cloudops'), { recursive: true })
  if (team !== undefined) writeFileSync(join(s.home, 'config', 'cloudops', 'config.yaml'), `team:\n${team}`)
  writeAuditLog(join(s.home, 'state', 'cloudops', 'audit.jsonl'), 5, { host: `doctor-${sandboxes.length}` })
  return s
}

interface Check {
  name: string
  ok: boolean
  warning?: boolean
  detail: string
  fix?: string
}
function teamLine(s: Sandbox, env: Record<string, string | undefined> = { NATS_TOKEN: token }) {
  const r = s.run(['doctor', '--json'], { env })
  for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(token)
  return (JSON.parse(r.stdout).checks as Check[]).filter((c) => c.name === 'team')
}

beforeAll(async () => {
  nats = await startNats({ token })
})
afterAll(async () => {
  await nats?.stop()
  for (const s of sandboxes) s.cleanup()
})

describe('doctor in team mode', () => {
  it('without team: no team line', () => {
    expect(teamLine(sandbox(undefined))).toEqual([])
  })

  it('reached: no stream yet, then all shipped, then the records a run added and not shipped', () => {
    const s = sandbox(`  nats_url: ${nats.url}\n`)
    const [fresh] = teamLine(s)
    expect(fresh).toMatchObject({ ok: true, warning: true, fix: expect.stringContaining('cloudops audit ship') })
    expect(fresh?.detail).toBe(
      `${nats.url} reached (credentials: NATS_TOKEN); stream CLOUDOPS_AUDIT does not exist yet`,
    )

    expect(s.run(['audit', 'ship'], { env: { NATS_TOKEN: token } }).code).toBe(0)
    const [shipped] = teamLine(s)
    expect(shipped).toMatchObject({ ok: true })
    expect(shipped?.warning).toBeUndefined()
    expect(shipped?.detail).toContain(
      'stream CLOUDOPS_AUDIT holds 5 message(s); this host (doctor-2) has shipped up to #5 of #5',
    )

    // A run appends three records (started, intent, finished) and does not ship them (auto_ship is off).
    expect(s.run(['intent', 'crashlooping pods in prod']).code).toBe(0)
    const [behind] = teamLine(s)
    expect(behind).toMatchObject({ ok: true, warning: true })
    expect(behind?.detail).toContain('has shipped up to #5 of #8')
    expect(behind?.fix).toContain('3 record(s) are only here')
  })

  it('a wrong token: refused, in one line with the fix, the token never echoed', () => {
    const s = sandbox(`  nats_url: ${nats.url}\n`)
    const [line] = teamLine(s, { NATS_TOKEN: 'tok-wrong-1111' })
    expect(line).toMatchObject({ ok: false, detail: expect.stringMatching(/refused the credentials/) })
    expect(line?.fix).toContain('NATS_TOKEN')
    expect(JSON.stringify(line)).not.toContain('tok-wrong-1111')
  })

  it('a creds file others can read: refused before any connection', () => {
    const s = sandbox(`  nats_url: ${nats.url}\n  creds_file: ~/team.creds\n`)
    writeFileSync(join(s.home, 'team.creds'), '-----BEGIN NATS USER JWT-----\nx\n------END NATS USER JWT------\n')
    chmodSync(join(s.home, 'team.creds'), 0o644)
    const [line] = teamLine(s)
    expect(line).toMatchObject({ ok: false, detail: expect.stringMatching(/readable by others \(mode 644\)/) })
    expect(line?.fix).toContain('chmod 600')
  })

  it('no server: cannot reach it, with the fix, and doctor exits 1', async () => {
    const port = await freePort()
    const s = sandbox(`  nats_url: nats://127.0.0.1:${port}\n`)
    const [line] = teamLine(s)
    expect(line).toMatchObject({ ok: false, detail: expect.stringMatching(/^cannot reach the team's NATS server/) })
    expect(line?.fix).toContain('team.nats_url')
    expect(s.run(['doctor']).code).toBe(1)
  })
})
