// Team policies against a real nats-server: publish signs into the key-value bucket, pull verifies against
// team.trusted_keys and pins; unsigned, forged and untrusted snapshots are refused (exit 2); a local policy file
// still wins, and an unreachable server never blocks evaluation.
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Kvm } from '@nats-io/kv'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signSnapshot } from '../../src/team/policy-snapshot.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'
import { type Nats, startNats } from '../support/servers/nats.js'

const policy = `version: 1
read_only: true
default: deny
rules:
  - id: reads-allowed
    effect: allow
    match: { risk: [read] }
`
let nats: Nats
let nc: NatsConnection
let publisher: Sandbox
let puller: Sandbox
let trusted: string
const sandboxes: Sandbox[] = []

function teamSandbox(url: string): Sandbox {
  const s = cliSandbox()
  sandboxes.push(s)
  expect(s.run(['config', 'init']).code).toBe(0)
  expect(s.run(['config', 'set', 'team.nats_url', url]).code).toBe(0)
  return s
}

const json = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.code, r.stderr || r.stdout).toBe(0)
  return JSON.parse(r.stdout)
}
const auditOf = (s: Sandbox) =>
  readFileSync(join(s.home, 'state', 'cloudops', 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))

async function putRaw(name: string, value: unknown) {
  const kv = await new Kvm(nc).create('cloudops-policy', { history: 10 })
  await kv.put(name, JSON.stringify(value))
}

function otherKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKey, keyId: 'other' }
}

beforeAll(async () => {
  nats = await startNats()
  nc = await connect({ servers: nats.url })
  publisher = teamSandbox(nats.url)
  writeFileSync(join(publisher.home, 'policy.yaml'), policy)
  const published = json(publisher.run(['policy', 'publish', 'policy.yaml', '--name', 'prod-baseline', '--json']))
  trusted = published.public_key
  expect(published).toMatchObject({ name: 'prod-baseline', bucket: 'cloudops-policy', revision: 1 })
  puller = teamSandbox(nats.url)
  expect(puller.run(['config', 'set', 'team.trusted_keys', `[${trusted}]`]).code).toBe(0)
})
afterAll(async () => {
  await nc?.close()
  await nats?.stop()
  for (const s of sandboxes) s.cleanup()
})

describe('policy publish / pull', () => {
  it('a snapshot signed by a trusted key is pinned, and plans and the audit log name it and its signer', () => {
    const pulled = json(puller.run(['policy', 'pull', 'prod-baseline', '--json']))
    expect(pulled).toMatchObject({ name: 'prod-baseline', revision: 1, public_key: trusted })
    const plan = json(puller.run(['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev', '--json']))
    expect(plan.policy.source).toBe(pulled.source)
    expect(plan.policy.source).toMatch(/^team:prod-baseline@1 \(signed by [0-9a-f]{16}\)$/)
    expect(plan.policy.sha256).toBe(pulled.sha256)
    const records = auditOf(puller)
    expect(records.find((r) => r.kind === 'policy_pulled')?.data).toMatchObject({ signer: trusted, revision: 1 })
    expect(records.findLast((r) => r.kind === 'policy_decided')?.data.source).toBe(pulled.source)
  })

  it.each([
    ['unsigned', () => ({ ...signSnapshot('x', policy, otherKey()), signature: undefined }), /it is unsigned/],
    [
      'forged',
      () => ({ ...signSnapshot('x', policy, otherKey()), public_key: trusted }),
      /signature does not verify \(forged or altered\)/,
    ],
    ['untrusted', () => signSnapshot('x', policy, otherKey()), /not in team\.trusted_keys/],
    [
      'altered',
      () => ({ ...signSnapshot('x', policy, otherKey()), policy: policy.replace('deny', 'allow') }),
      /does not match its sha256/,
    ],
  ])('a %s snapshot is refused (exit 2) and nothing is pinned', async (kind, make, reason) => {
    const name = `bad-${kind}`
    await putRaw(name, { ...make(), name })
    const pin = join(puller.home, 'config', 'cloudops', 'team-policy.json')
    const before = readFileSync(pin, 'utf8')
    const r = puller.run(['policy', 'pull', name])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(reason)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(readFileSync(pin, 'utf8')).toBe(before)
    const failed = auditOf(puller).findLast((x) => x.kind === 'command_failed')
    expect(failed?.data).toMatchObject({ command: 'policy:pull', exit_code: 2 })
    expect(failed?.data.message).toMatch(reason)
  })

  it('a name with no snapshot is a usage error', () => {
    const r = puller.run(['policy', 'pull', 'nobody-published-this'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/no team policy "nobody-published-this"/)
  })

  it('a pinned policy edited by hand is refused (exit 2) until it is pulled again', () => {
    const pinned = join(puller.home, 'config', 'cloudops', 'team-policy.yaml')
    const original = readFileSync(pinned, 'utf8')
    writeFileSync(pinned, original.replace('default: deny', 'default: allow'))
    const r = puller.run(['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/pinned team policy .* was changed since it was pulled/)
    expect(json(puller.run(['policy', 'pull', 'prod-baseline', '--json'])).sha256).toBeDefined()
    expect(readFileSync(pinned, 'utf8')).toBe(original)
  })

  it('an unreachable server never blocks evaluation, and a local policy file still wins', () => {
    expect(puller.run(['config', 'set', 'team.nats_url', 'nats://127.0.0.1:1']).code).toBe(0)
    const plan = json(puller.run(['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev', '--json']))
    expect(plan.policy.source).toMatch(/^team:prod-baseline@1/)
    writeFileSync(join(puller.home, 'config', 'cloudops', 'policy.yaml'), policy)
    const local = json(puller.run(['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev', '--json']))
    expect(local.policy.source).toBe(join(puller.home, 'config', 'cloudops', 'policy.yaml'))
  })
})
