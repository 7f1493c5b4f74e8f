// The AWS playbooks end to end: the built CLI, real @aws-sdk clients, and moto seeded through the real APIs.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { findingsOf, pipelineSandbox, regions, runJson } from '../support/pipeline.js'
import { costGroup, costResult, resetMoto, seedCostExplorer } from '../support/servers/moto.js'
import {
  allTraffic,
  cloudwatch,
  createSecurityGroup,
  createVolume,
  ec2,
  putCpu,
  runInstances,
  tcp,
} from '../support/servers/seed-aws.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())

describe('aws-security-group-exposure', () => {
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    await resetMoto(moto.endpoint)
    const east = ec2(moto.endpoint, 'us-east-1')
    const west = ec2(moto.endpoint, 'eu-west-1')
    ids.ssh = await createSecurityGroup(east, 'ssh-world', [tcp(22, '0.0.0.0/0')])
    ids.all = await createSecurityGroup(east, 'all-world', [allTraffic('0.0.0.0/0')])
    ids.web = await createSecurityGroup(east, 'web', [tcp(443, '0.0.0.0/0')])
    ids.internal = await createSecurityGroup(east, 'internal-ssh', [tcp(22, '10.0.0.0/8')])
    ids.rdp = await createSecurityGroup(west, 'rdp-world', [tcp(3389, '0.0.0.0/0')])
  })

  it('finds world-open ingress in every region, rated by port', () => {
    const { code, report } = runJson(sb, ['run', 'aws-security-group-exposure', '--env', 'dev'])
    expect(code).toBe(0)
    expect(report.status).toBe('succeeded')
    expect(report.steps.map((s) => s.id)).toEqual(regions.map((r) => `groups@${r}`))
    const byGroup = Object.fromEntries(findingsOf(report, 'sg-open-ingress').map((f) => [f.resource.id, f]))
    expect(byGroup[ids.ssh as string]).toMatchObject({ severity: 'high', resource: { region: 'us-east-1' } })
    expect(byGroup[ids.all as string]?.severity).toBe('critical')
    expect(byGroup[ids.web as string]?.severity).toBe('info')
    expect(byGroup[ids.rdp as string]).toMatchObject({ severity: 'high', resource: { region: 'eu-west-1' } })
    expect(byGroup[ids.internal as string]).toBeUndefined()
    expect(report.summary.api_calls).toBeGreaterThanOrEqual(2)
  })

  it('--region for one run: only that region is asked, and a region name that is not one is exit 2', () => {
    const { code, report } = runJson(sb, [
      'run',
      'aws-security-group-exposure',
      '--env',
      'dev',
      '--region',
      'eu-west-1',
    ])
    expect(code).toBe(0)
    expect(report.steps.map((s) => s.id)).toEqual(['groups@eu-west-1'])
    expect(report.plan.environment.overrides).toEqual({ regions: ['eu-west-1'] })
    expect(findingsOf(report, 'sg-open-ingress').map((f) => f.resource.id)).toEqual([ids.rdp])
    const bad = sb.run(['run', 'aws-security-group-exposure', '--env', 'dev', '--region', 'eu-west-1;rm'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--region "eu-west-1;rm" is not an AWS region name/)
  })

  it('--profile for one run is the profile the run uses (a missing one is named)', () => {
    const r = sb.run(['run', 'aws-security-group-exposure', '--env', 'dev', '--profile', 'ghost', '--json'])
    expect(JSON.parse(r.stdout).plan.environment.aws.profile).toBe('ghost')
    expect(r.stdout).toMatch(/ghost/)
  })

  it('--verbose says the intent, each step with its decision, and each step with its time, on stderr only', () => {
    const r = sb.run([
      'ask',
      '--provider',
      'offline',
      'which security groups expose SSH to the internet in dev',
      '--verbose',
    ])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^intent: ✓ accepted \(offline, confidence 0\.\d+\)$/m)
    expect(r.stderr).toMatch(
      /^ {2}groups@us-east-1 {2}aws\.ec2\.describe_security_groups {2}risk read {2}→ allow \(reads-allowed\)$/m,
    )
    expect(r.stderr).toMatch(/^steps \(\d+ API calls, \d+ ms in all\):$/m)
    expect(r.stderr).toMatch(/^ {2}groups@eu-west-1 {2}ok {2}\d+ ms {2}\d+ items$/m)
    const quiet = sb.run(['ask', '--provider', 'offline', 'which security groups expose SSH to the internet in dev'])
    expect(quiet.stderr).not.toMatch(/^intent:|^steps \(/m)
  })

  it('--fail-on high exits 10 and still prints the report', () => {
    const { code, report } = runJson(sb, ['run', 'aws-security-group-exposure', '--env', 'dev', '--fail-on', 'high'])
    expect(code).toBe(10)
    expect(report.findings.length).toBeGreaterThan(0)
    // The report carries the contract's error object beside its data: one key for a script to test.
    expect((report as { error?: unknown }).error).toEqual({
      code: 10,
      message: expect.stringMatching(/^\d+ finding\(s\) at or above high$/),
      hint: 'Fix them, or raise --fail-on.',
    })
    const clean = runJson(sb, ['run', 'aws-security-group-exposure', '--env', 'dev'])
    expect(clean.code).toBe(0)
    expect(clean.report).not.toHaveProperty('error')
  })

  it('ask --dry-run plans the same playbook and calls nothing', () => {
    const { code, report } = runJson(sb, [
      'ask',
      '--dry-run',
      '--provider',
      'offline',
      'which security groups expose SSH to the internet in dev',
    ])
    expect(code).toBe(0)
    expect(report).toMatchObject({ status: 'dry_run', plan: { playbook: { name: 'aws-security-group-exposure' } } })
    expect(report.summary.api_calls).toBe(0)
  })

  it('every run left a valid audit chain', () => {
    const r = sb.run(['audit', 'verify', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true })
  })
})

describe('aws-unattached-volumes', () => {
  it('prices each available volume', async () => {
    await resetMoto(moto.endpoint)
    const east = ec2(moto.endpoint, 'us-east-1')
    const small = await createVolume(east, 'us-east-1', { sizeGiB: 10, type: 'gp3' })
    const big = await createVolume(east, 'us-east-1', { sizeGiB: 100, type: 'io1', iops: 3000 })
    const { code, report } = runJson(sb, ['run', 'aws-unattached-volumes', '--env', 'dev'])
    expect(code).toBe(0)
    const byId = Object.fromEntries(findingsOf(report, 'ebs-unattached').map((f) => [f.resource.id, f]))
    expect(byId[small]).toMatchObject({ severity: 'low', evidence: { monthly_usd: 0.8 } })
    // 100 GiB × $0.125 + 3000 IOPS × $0.065
    expect(byId[big]).toMatchObject({ severity: 'medium', evidence: { monthly_usd: 207.5 } })
  })
})

describe('aws-idle-instances, inventory and hardening', () => {
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    await resetMoto(moto.endpoint)
    const east = ec2(moto.endpoint, 'us-east-1')
    const one = async (seed: Parameters<typeof runInstances>[1]) => (await runInstances(east, seed))[0] as string
    ids.idle = await one({ type: 'm5.large', tags: { Name: 'batch' } })
    ids.busy = await one({ imdsv2: true })
    ids.fresh = await one({})
    ids.stopped = await one({ stopped: true })
    const cw = cloudwatch(moto.endpoint, 'us-east-1')
    await putCpu(cw, ids.idle as string, Array(48).fill(1.5))
    await putCpu(cw, ids.busy as string, Array(48).fill(60))
  })

  it('flags low average CPU, says when history is too short, and names stopped instances', () => {
    const { code, report } = runJson(sb, ['run', 'aws-idle-instances', '--env', 'dev'])
    expect(code).toBe(0)
    const byId = Object.fromEntries(findingsOf(report, 'ec2-idle').map((f) => [f.id, f]))
    expect(byId[`ec2-idle:${ids.idle}`]).toMatchObject({ severity: 'medium', evidence: { average_cpu_percent: 1.5 } })
    expect(byId[`ec2-idle:${ids.busy}`]).toBeUndefined()
    expect(byId[`ec2-idle:${ids.fresh}:insufficient-data`]?.severity).toBe('info')
    expect(byId[`ec2-idle:${ids.stopped}:stopped`]?.severity).toBe('low')
  })

  it('inventories every instance with its type and tags', () => {
    const { report } = runJson(sb, ['run', 'aws-instance-inventory', '--env', 'dev'])
    const inv = findingsOf(report, 'ec2-inventory')
    expect(inv).toHaveLength(4)
    expect(inv.find((f) => f.resource.id === ids.idle)?.evidence).toMatchObject({
      instance_type: 'm5.large',
      tags: { Name: 'batch' },
    })
  })

  it('flags IMDSv1 but not IMDSv2-only instances', () => {
    const { report } = runJson(sb, ['run', 'aws-instance-hardening', '--env', 'dev'])
    const imds = findingsOf(report, 'ec2-hardening').filter((f) => f.id.endsWith(':imdsv1'))
    expect(imds.map((f) => f.resource.id).sort()).toEqual([ids.idle, ids.fresh, ids.stopped].sort())
  })
})

describe('aws-cost-breakdown', () => {
  it('compares each service with the previous period', async () => {
    await resetMoto(moto.endpoint)
    const group = costGroup
    const result = costResult
    // The action asks for the current period first, then the previous one.
    await seedCostExplorer(moto.endpoint, [
      result([
        group('Amazon Elastic Compute Cloud - Compute', '420.00'),
        group('Amazon Simple Storage Service', '31.00'),
      ]),
      result([
        group('Amazon Elastic Compute Cloud - Compute', '200.00'),
        group('Amazon Simple Storage Service', '30.00'),
      ]),
    ])
    const { code, report } = runJson(sb, ['run', 'aws-cost-breakdown', '--env', 'dev', '--param', 'days=7'])
    expect(code).toBe(0)
    const byService = Object.fromEntries(findingsOf(report, 'cost-change-by-service').map((f) => [f.resource.id, f]))
    expect(byService['Amazon Elastic Compute Cloud - Compute']).toMatchObject({
      severity: 'high',
      evidence: { current_usd: 420, previous_usd: 200, change_usd: 220, change_percent: 110 },
    })
    expect(byService['Amazon Simple Storage Service']?.severity).toBe('info')
  })
})
