// The head anchor cannot be bypassed: a cut tail, a deleted or unsigned head, or a recomputed chain make the next
// run refuse (exit 7, nothing runs) and `audit verify` fail; next to each, the ordinary path still works.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sealRecord } from '../../src/audit/record.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'

let sb: Sandbox
let log: string
beforeEach(() => {
  sb = cliSandbox()
  log = join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
})
afterEach(() => sb.cleanup())

const dryRun = () => sb.run(['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod'])
const verify = () => sb.run(['audit', 'verify', '--json'])
const lines = () => readFileSync(log, 'utf8').trimEnd().split('\n')
const runsListed = () => JSON.parse(sb.run(['audit', 'list', '--json']).stdout).length

function expectRefused() {
  const before = readFileSync(log, 'utf8')
  const r = dryRun()
  expect(r.code).toBe(7)
  expect(r.stderr).toMatch(/audit log .* nothing was run/)
  expect(readFileSync(log, 'utf8')).toBe(before) // not one record appended after the tampering
  expect(verify().code).toBe(7)
}

describe('with a signing key', () => {
  beforeEach(() => {
    expect(sb.run(['config', 'init']).code).toBe(0)
    expect(dryRun().code).toBe(0)
    expect(dryRun().code).toBe(0)
  })

  it('runs and verifies when nothing was touched (the success next to every refusal below)', () => {
    expect(dryRun().code).toBe(0)
    expect(JSON.parse(verify().stdout)).toMatchObject({ valid: true })
    expect(runsListed()).toBe(3)
  })

  it('a cut tail is not hidden by the next run', () => {
    writeFileSync(log, `${lines().slice(0, -3).join('\n')}\n`)
    expectRefused()
  })

  it('a deleted head is refused while records exist', () => {
    unlinkSync(`${log}.head`)
    expectRefused()
    expect(JSON.parse(verify().stdout).problems.map((p: { reason: string }) => p.reason)).toContain(
      'no head anchor although a signing key exists (deleted?)',
    )
  })

  it('an unsigned head is refused, even one that matches a truncated log', () => {
    const kept = lines().slice(0, -3)
    writeFileSync(log, `${kept.join('\n')}\n`)
    const last = JSON.parse(kept.at(-1) as string)
    writeFileSync(`${log}.head`, JSON.stringify({ seq: last.seq, hash: last.hash, ts: last.ts }))
    expectRefused()
  })

  it('a chain recomputed after an edit fails on the signed checkpoints, whatever the head says', () => {
    // Rewrite every record (an edited first record changes every hash after it) and drop the head.
    let prev: string | undefined
    const forged = lines().map((l, i) => {
      const { hash: _h, ...r } = JSON.parse(l)
      if (i === 0) r.data = { ...r.data, command: 'nothing to see' }
      if (prev) r.prev = prev
      const sealed = sealRecord(r)
      prev = sealed.record.hash
      return sealed.line
    })
    writeFileSync(log, `${forged.join('\n')}\n`)
    unlinkSync(`${log}.head`)
    const reasons = JSON.parse(verify().stdout).problems.map((p: { reason: string }) => p.reason)
    expect(reasons).toContain('checkpoint does not sign the record before it')
    expectRefused()
  })

  it('a rotated log keeps all of this: rotate refuses a cut log, and a rotated one verifies and runs', () => {
    expect(sb.run(['audit', 'rotate']).code).toBe(0)
    expect(dryRun().code).toBe(0)
    expect(verify().code).toBe(0)
    writeFileSync(log, `${lines().slice(0, -2).join('\n')}\n`)
    expect(sb.run(['audit', 'rotate']).code).toBe(7)
    expectRefused()
  })
})

describe('without a signing key', () => {
  it('an unsigned head is what there is: runs and verifies; a cut tail is still refused', () => {
    expect(dryRun().code).toBe(0)
    expect(dryRun().code).toBe(0)
    expect(verify().code).toBe(0)
    writeFileSync(log, `${lines().slice(0, -2).join('\n')}\n`)
    expectRefused()
  })

  it('config init later signs the head of a log that verifies, and runs go on', () => {
    expect(dryRun().code).toBe(0)
    const init = sb.run(['config', 'init'])
    expect(init.code).toBe(0)
    expect(init.stdout).toMatch(/Signed the existing audit log’s head with the new key/)
    expect(dryRun().code).toBe(0)
    expect(JSON.parse(verify().stdout)).toMatchObject({ valid: true })
  })
})
