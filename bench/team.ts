// Team mode against a real nats-server: ship throughput (records/s, in process, fresh stream each round) and the
// latency auto_ship adds to a run (the whole command, interleaved with auto_ship off), with the server up, down
// (nothing listens) and hung (it takes the connection and never answers: the bound is what ends the wait).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { autoShipBoundMs } from '../src/team/auto-ship.js'
import { teamSettings } from '../src/team/settings.js'
import { shipAudit } from '../src/team/ship.js'
import { writeAuditLog } from '../test/support/audit-log.js'
import { startNats } from '../test/support/servers/nats.js'
import { freePort } from '../test/support/servers/process.js'
import { type BenchEnv, binPath } from './env.js'
import { fmt, interleaved, spread } from './measure.js'

async function throughput(url: string, records: number, rounds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-bench-ship-'))
  const log = join(dir, 'audit.jsonl')
  writeAuditLog(log, records, { host: 'bench-host', question: 'why is payment-api crashlooping in shop?' })
  const nc = await connect({ servers: url })
  const jsm = await jetstreamManager(nc)
  const out: Record<string, number[]> = { metadata: [], full: [] }
  for (let round = 0; round < rounds; round++) {
    for (const ship of ['metadata', 'full'] as const) {
      await jsm.streams.delete('CLOUDOPS_AUDIT').catch(() => false)
      rmSync(join(dir, 'cursor.json'), { force: true })
      const start = performance.now()
      const r = await shipAudit(teamSettings({ team: { nats_url: url, ship } }, {}), {
        log,
        cursorFile: join(dir, 'cursor.json'),
      })
      const ms = performance.now() - start
      if (r.shipped !== records) throw new Error(`bench ship sent ${r.shipped} of ${records}`)
      out[ship]?.push(ms)
    }
  }
  await nc.close()
  rmSync(dir, { recursive: true, force: true })
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
  return { metadata: median(out.metadata ?? []), full: median(out.full ?? []) }
}

function homeWith(env: BenchEnv, name: string, url: string | undefined): Record<string, string> {
  const home = join(env.home, name)
  const config = join(home, 'config', 'cloudops')
  mkdirSync(config, { recursive: true })
  const team = url ? `team:\n  nats_url: ${url}\n  auto_ship: true\n` : ''
  writeFileSync(join(config, 'config.yaml'), `environments:\n  bench:\n    aws: { regions: [us-east-1] }\n${team}`)
  return {
    ...env.vars,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
  }
}

export async function teamSection(env: BenchEnv, records = 20_000, rounds = 5): Promise<string[]> {
  const nats = await startNats()
  const sockets: Socket[] = []
  const hung = createServer((s) => sockets.push(s))
  const hungPort = await freePort()
  await new Promise<void>((r) => hung.listen(hungPort, '127.0.0.1', r))
  try {
    const rate = await throughput(nats.url, records, 3)
    const plan = (label: string, url: string | undefined) => ({
      label,
      cmd: process.execPath,
      args: [binPath, 'plan', '--playbook', 'aws-security-group-exposure', '--env', 'bench'],
      env: homeWith(env, label.replaceAll(' ', '-'), url),
    })
    const [off, up, down, stuck] = interleaved(
      [
        plan('auto_ship off', undefined),
        plan('auto_ship, server up', nats.url),
        plan('auto_ship, server down', 'nats://127.0.0.1:1'),
        plan('auto_ship, server hung', `nats://127.0.0.1:${hungPort}`),
      ],
      rounds,
    )
    if (!off || !up || !down || !stuck) throw new Error('missing bench results')
    const perSecond = (ms: number) => Math.round(records / (ms / 1000)).toLocaleString('en')
    const added = (s: typeof up) => s.median - off.median
    return [
      `## Team mode: nats-server ${'v2.15.2'} with JetStream (${records.toLocaleString('en')} records; ${rounds} interleaved rounds of \`plan\`)`,
      '',
      '| measure | value | target |',
      '| --- | ---: | --- |',
      `| \`audit ship\`, metadata mode, in process (median of 3, fresh stream) | ${fmt(rate.metadata)} = ${perSecond(rate.metadata)} records/s | ≥ 20,000/s ${records / (rate.metadata / 1000) >= 20_000 ? 'met' : '**not met**'} |`,
      `| \`audit ship\`, full mode | ${fmt(rate.full)} = ${perSecond(rate.full)} records/s | - |`,
      `| \`plan\` with auto_ship off | ${fmt(off.median)} (${spread(off)}) | - |`,
      `| auto_ship added, server up | ${fmt(added(up))} (run ${fmt(up.median)}, ${spread(up)}) | ≤ 50 ms ${added(up) <= 50 ? 'met' : '**not met**'} |`,
      `| auto_ship added, server down (connection refused) | ${fmt(added(down))} (run ${fmt(down.median)}) | ≤ the bound (${fmt(autoShipBoundMs)}) ${added(down) <= autoShipBoundMs ? 'met' : '**not met**'} |`,
      `| auto_ship added, server hung (never answers) | ${fmt(added(stuck))} (run ${fmt(stuck.median)}) | ≤ the bound (${fmt(autoShipBoundMs)}) + exit ${added(stuck) <= autoShipBoundMs + 300 ? 'met' : '**not met**'} |`,
      '',
      'Each auto_ship run ships what that run wrote (a dozen records). "Added" is the difference of the medians, so',
      'it includes importing the NATS client (about 100 ms cold on this machine; the packages load only when a team',
      'command or auto_ship runs) and the connection, stream lookup and acks.',
      '',
    ]
  } finally {
    for (const s of sockets) s.destroy()
    hung.close()
    await nats.stop()
  }
}
