// aws-diagnose end to end: `cloudops run aws-diagnose --param name=<id>` through the built CLI, real @aws-sdk
// clients, and moto seeded through the real APIs, in the "dev" environment's two regions (us-east-1, eu-west-1).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  DescribeImagesCommand,
  type EC2Client,
  type InstanceNetworkInterfaceSpecification,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { RunReport } from '../../src/report/types.js'
import { findingsOf, pipelineSandbox, regions, runJson } from '../support/pipeline.js'
import { resetMoto } from '../support/servers/moto.js'
import { cloudwatch, createSecurityGroup, createVolume, ec2, putCpu, tcp } from '../support/servers/seed-aws.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())

/** One instance: in `groups` through its own network interface (no public IP, encrypted root) when `private`. */
async function launch(
  client: EC2Client,
  o: { groups: string[]; name: string; private?: boolean; imdsv2?: boolean },
): Promise<string> {
  const { Images } = await client.send(new DescribeImagesCommand({ Owners: ['amazon'] }))
  const nic: InstanceNetworkInterfaceSpecification = {
    DeviceIndex: 0,
    AssociatePublicIpAddress: false,
    Groups: o.groups,
  }
  const { Instances } = await client.send(
    new RunInstancesCommand({
      ImageId: Images?.[0]?.ImageId,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      ...(o.private
        ? {
            NetworkInterfaces: [nic],
            BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { Encrypted: true, VolumeSize: 8 } }],
          }
        : { SecurityGroupIds: o.groups }),
      ...(o.imdsv2 ? { MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } } : {}),
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: o.name }] }],
    }),
  )
  return Instances?.[0]?.InstanceId as string
}

const diagnose = (...args: string[]) => runJson(sb, ['run', 'aws-diagnose', '--env', 'dev', ...args])
const verdictOf = (report: RunReport) => report.findings[0]
const stepIds = (report: RunReport) => report.steps.map((s) => s.id)

describe('aws-diagnose', () => {
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    await resetMoto(moto.endpoint)
    const east = ec2(moto.endpoint, 'us-east-1')
    ids.sshGroup = await createSecurityGroup(east, 'ssh-world', [tcp(22, '0.0.0.0/0')])
    ids.internal = await createSecurityGroup(east, 'internal', [tcp(443, '10.0.0.0/8')])
    ids.open = await launch(east, { groups: [ids.sshGroup], name: 'web-1' })
    ids.healthy = await launch(east, { groups: [ids.internal], name: 'api-1', private: true, imdsv2: true })
    ids.volume = await createVolume(east, 'us-east-1', { sizeGiB: 10, type: 'gp3' })
    await putCpu(cloudwatch(moto.endpoint, 'us-east-1'), ids.healthy, Array(48).fill(40))
  })

  it('an instance with SSH open to the internet: the verdict first, then what makes it so', () => {
    const { code, report } = diagnose('--param', `name=${ids.open}`)
    expect(code).toBe(0)
    expect(report.status).toBe('succeeded')
    const names = ['instances', 'groups', 'volumes', 'status', 'cpu']
    expect(stepIds(report)).toEqual(names.flatMap((n) => regions.map((r) => `${n}@${r}`)))
    expect(verdictOf(report)).toMatchObject({
      id: `aws-diagnose:${ids.open}`,
      severity: 'high',
      resource: { provider: 'aws', type: 'ec2_instance', id: ids.open, region: 'us-east-1' },
      evidence: { state: 'running', status_checks: { system: 'ok', instance: 'ok' } },
    })
    expect(verdictOf(report)?.title).toMatch(
      new RegExp(
        `^instance ${ids.open} \\(web-1\\) running, status checks ok; SSH open to the internet; IMDSv1 allowed`,
      ),
    )
    expect(findingsOf(report, 'sg-open-ingress').map((f) => [f.resource.id, f.severity])).toEqual([
      [ids.sshGroup, 'high'],
    ])
    expect(findingsOf(report, 'ec2-hardening').map((f) => f.id)).toContain(`ec2-hardening:${ids.open}:imdsv1`)
    // The other region was asked too, and said so without failing.
    const west = report.steps.find((s) => s.id === 'instances@eu-west-1')
    expect(west).toMatchObject({ status: 'ok', items: 0, notes: [`${ids.open} was not found in eu-west-1`] })
  })

  it('a healthy instance: one info verdict saying why', () => {
    const { code, report } = diagnose('--param', `name=${ids.healthy}`, '--fail-on', 'low')
    expect(code).toBe(0)
    expect(verdictOf(report)).toMatchObject({
      id: `aws-diagnose:${ids.healthy}`,
      severity: 'info',
      title: `${ids.healthy} (api-1) looks healthy: running, status checks ok, no exposure, IMDSv2 required`,
    })
    for (const f of report.findings) expect(f.severity).toBe('info')
  })

  it('an unattached volume: not encrypted, and what it costs each month', () => {
    const { code, report } = diagnose('--param', `name=${ids.volume}`)
    expect(code).toBe(0)
    expect(verdictOf(report)).toMatchObject({
      id: `aws-diagnose:${ids.volume}`,
      severity: 'medium',
      title: `volume ${ids.volume} (10 GiB gp3) available; not encrypted; attached to nothing (about $0.80/month)`,
      resource: { type: 'ebs_volume', region: 'us-east-1' },
    })
    expect(findingsOf(report, 'ebs-unattached')).toMatchObject([{ severity: 'low', evidence: { monthly_usd: 0.8 } }])
  })

  it('a security group: its exposure and the instances that use it', () => {
    const { code, report } = diagnose('--param', `name=${ids.sshGroup}`, '--param', 'kind=security_group')
    expect(code).toBe(0)
    expect(verdictOf(report)).toMatchObject({
      id: `aws-diagnose:${ids.sshGroup}`,
      severity: 'high',
      title: `security group ${ids.sshGroup} (ssh-world) used by 1 instance (${ids.open}); SSH open to the internet`,
      evidence: { instances: [ids.open] },
    })
    // Nothing about volumes or status was asked for a group.
    expect(report.steps.filter((s) => s.id.startsWith('volumes@')).map((s) => s.items)).toEqual([0, 0])
  })

  it('an unknown id: high, "not found" in each region asked, and the run still succeeds', () => {
    const unknown = 'i-0123456789abcdef0'
    const { code, report } = diagnose('--param', `name=${unknown}`)
    expect(code).toBe(0)
    expect(report.status).toBe('succeeded')
    expect(report.findings).toEqual([
      expect.objectContaining({
        id: `aws-diagnose:${unknown}`,
        severity: 'high',
        title: `${unknown} was not found in us-east-1, eu-west-1`,
      }),
    ])
    expect(report.steps.filter((s) => s.id.startsWith('instances@')).flatMap((s) => s.notes)).toEqual(
      regions.map((r) => `${unknown} was not found in ${r}`),
    )
    expect(diagnose('--param', `name=${unknown}`, '--fail-on', 'high').code).toBe(10)
  })

  it('a region named: only that one is asked', () => {
    const { report } = diagnose('--param', `name=${ids.open}`, '--param', 'region=eu-west-1')
    expect(verdictOf(report)?.title).toBe(`${ids.open} was not found in eu-west-1`)
    expect(report.steps.find((s) => s.id === 'instances@us-east-1')).toMatchObject({ status: 'ok', items: 0 })
  })

  it('a question that names the id plans aws-diagnose with the id bound, and calls nothing (ask --dry-run)', () => {
    const question = `what's wrong with ${ids.open} in dev`
    const { code, report } = runJson(sb, ['ask', '--dry-run', '--provider', 'offline', question])
    expect(code).toBe(0)
    expect(report).toMatchObject({ status: 'dry_run', plan: { playbook: { name: 'aws-diagnose' } } })
    expect(report.plan.steps[0]).toMatchObject({ id: 'instances@us-east-1', params: { id: ids.open } })
    expect(report.summary.api_calls).toBe(0)
  })

  it('an id that is none of the three kinds is a usage error before any call', () => {
    const r = sb.run(['run', 'aws-diagnose', '--env', 'dev', '--param', 'name=web-1', '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.message).toContain('name must match')
  })

  it('no id at all: the steps refuse and say how to give one', () => {
    const r = sb.run(['run', 'aws-diagnose', '--env', 'dev', '--json'])
    expect(r.code).not.toBe(0)
    expect(r.stdout).toContain('--param name=')
    // Each step skipped for a failed input is recorded after that input's end, never before it.
    const tail = sb.run(['audit', 'tail', '-n', '100', '--json'])
    const records = tail.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { run_id: string; kind: string; data: { step?: string; error?: string } })
    const run = records.filter((x) => x.run_id === records.at(-1)?.run_id && x.kind === 'step_finished')
    const skipped = run.filter((x) => /its input \S+ did not succeed/.test(x.data.error ?? ''))
    expect(skipped.length).toBeGreaterThan(0)
    for (const x of skipped) {
      const input = /its input (\S+) did not succeed/.exec(x.data.error ?? '')?.[1]
      expect(run.findIndex((y) => y.data.step === input)).toBeLessThan(run.indexOf(x))
    }
  })

  it('a policy rule on resources matches the id every step names', () => {
    const policy = join(sb.home, 'no-web-1.yaml')
    writeFileSync(
      policy,
      [
        'version: 1',
        'default: allow',
        'rules:',
        `  - { id: hands-off, effect: deny, match: { resource: ["${ids.open}"] } }`,
        '',
      ].join('\n'),
    )
    const { code, report } = diagnose('--param', `name=${ids.open}`, '--policy', policy)
    expect(code).toBe(4)
    expect(report.plan.policy.decisions.filter((d) => d.effect === 'deny').map((d) => d.step)).toEqual(
      ['instances', 'groups', 'volumes'].flatMap((n) => regions.map((r) => `${n}@${r}`)),
    )
    expect(report.summary.api_calls).toBe(0)
    expect((report as { error?: { code: number; message: string } }).error).toMatchObject({
      code: 4,
      message: expect.stringMatching(/^policy denies step instances@us-east-1 \(rule hands-off\)/),
    })
  })

  it('every run left a valid audit chain', () => {
    const r = sb.run(['audit', 'verify', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true })
  })
})
