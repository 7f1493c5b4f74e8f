// aws-diagnose, as the aws-diagnose playbook runs it: one id (params.name) and the outputs of the related_* steps,
// instance status and CPU, in every region. The verdict comes first, at the worst severity of what follows.
import type { InstanceStatus, IpPermission, SecurityGroup } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import type { CpuSeries } from '../../src/actions/aws/cloudwatch-get-cpu-utilization.js'
import type { Finding } from '../../src/analyzers/types.js'
import { bySeverity } from '../../src/analyzers/util.js'
import { analysisOf, type Inst, ids, instance, only, out, type Steps, type Vol, volume } from './support.js'

const analysis = await analysisOf('aws-diagnose', 'aws-diagnose')

const iid = 'i-0123456789abcdef0'
const sgid = 'sg-0123456789abcdef0'
const vid = 'vol-0123456789abcdef0'

type Group = SecurityGroup & { Region?: string }
const group = (id: string, name: string, ingress: IpPermission[]): Group => ({
  GroupId: id,
  GroupName: name,
  Description: 'seeded',
  VpcId: 'vpc-0a1b2c3d',
  IpPermissions: ingress,
  Region: 'us-east-1',
})
const tcp = (port: number, cidr: string): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
})
const allTraffic: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }

type Check = 'ok' | 'impaired' | 'insufficient-data' | 'initializing' | 'not-applicable'
const status = (id: string, system: Check, inst: Check, events: InstanceStatus['Events'] = []): InstanceStatus => ({
  InstanceId: id,
  SystemStatus: { Status: system },
  InstanceStatus: { Status: inst },
  Events: events,
})
const cpu = (id: string, average: number, datapoints = 48): CpuSeries => ({
  InstanceId: id,
  Region: 'us-east-1',
  datapoints,
  average,
  maximum: average,
})
const attached = (id: string, to: string, over: Partial<Vol> = {}) =>
  volume(id, { Attachments: [{ InstanceId: to, VolumeId: id, Device: '/dev/sdf', State: 'attached' }], ...over })

const webGroup = group('sg-0000000000000aaaa', 'internal', [tcp(22, '10.0.0.0/8')])
const sshGroup = group('sg-0000000000000bbbb', 'ssh-world', [tcp(22, '0.0.0.0/0')])

/** A healthy instance's steps; `over` replaces some. */
const instanceSteps = (i: Inst, over: Steps = {}): Steps => ({
  instances: out([i]),
  groups: out([webGroup]),
  volumes: out([attached(`vol-${(i.InstanceId ?? '').slice(2)}`, i.InstanceId ?? '')]),
  status: out([status(i.InstanceId ?? '', 'ok', 'ok')]),
  cpu: out([cpu(i.InstanceId ?? '', 60)]),
  ...over,
})
const diagnose = (steps: Steps, params: Record<string, unknown> = {}) => analysis.run(steps, { name: iid, ...params })
const verdictOf = (findings: Finding[]) => only(findings, findings[0]?.id ?? '')

describe('aws-diagnose on an instance', () => {
  it.each([
    {
      state: 'healthy: running, checks ok, no world-open rule, IMDSv2 → info',
      i: instance(iid),
      over: {},
      severity: 'info',
      title: `${iid} looks healthy: running, status checks ok, no exposure, IMDSv2 required`,
      rest: [],
    },
    {
      state: 'impaired instance check and SSH open to the world → high',
      i: instance(iid, { Tags: [{ Key: 'Name', Value: 'web-1' }] }),
      over: { groups: out([sshGroup]), status: out([status(iid, 'ok', 'impaired')]) },
      severity: 'high',
      title: `instance ${iid} (web-1) running, status checks impaired (instance: impaired); SSH open to the internet`,
      rest: [`aws-diagnose:${iid}:status-checks`, `sg-open-ingress:${sshGroup.GroupId}:tcp:22`],
    },
    {
      state: 'IMDSv1 and a public IP → high, both named',
      i: instance(iid, {
        PublicIpAddress: '54.12.34.56',
        MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
      }),
      over: {},
      severity: 'high',
      title: `instance ${iid} running, status checks ok; IMDSv1 allowed; public IP 54.12.34.56`,
      rest: [`ec2-hardening:${iid}:imdsv1`, `ec2-hardening:${iid}:public-ip`],
    },
    {
      state: 'two unencrypted volumes → medium, named in one phrase',
      i: instance(iid),
      over: {
        volumes: out([
          attached('vol-0000000000000000a', iid, { Encrypted: false }),
          attached('vol-0000000000000000b', iid, { Encrypted: false }),
        ]),
      },
      severity: 'medium',
      title: `instance ${iid} running, status checks ok; unencrypted volumes vol-0000000000000000a, vol-0000000000000000b`,
      rest: [
        `ec2-hardening:${iid}:unencrypted:vol-0000000000000000a`,
        `ec2-hardening:${iid}:unencrypted:vol-0000000000000000b`,
      ],
    },
    {
      state: 'all traffic and SSH open → critical, worst exposure first',
      i: instance(iid),
      over: { groups: out([group(sgid, 'open', [tcp(22, '0.0.0.0/0'), allTraffic])]) },
      severity: 'critical',
      title: `instance ${iid} running, status checks ok; all traffic, SSH open to the internet`,
      rest: [`sg-open-ingress:${sgid}:all:all`, `sg-open-ingress:${sgid}:tcp:22`],
    },
    {
      state: 'only HTTPS open to the world → still healthy',
      i: instance(iid),
      over: { groups: out([group(sgid, 'web', [tcp(443, '0.0.0.0/0')])]) },
      severity: 'info',
      title: `${iid} looks healthy: running, status checks ok, only HTTPS open to the internet, IMDSv2 required`,
      rest: [`sg-open-ingress:${sgid}:tcp:443`],
    },
    {
      state: 'idle: low average CPU → medium',
      i: instance(iid),
      over: { cpu: out([cpu(iid, 1.5)]) },
      severity: 'medium',
      title: `instance ${iid} running, status checks ok; idle: 1.5% average CPU`,
      rest: [`ec2-idle:${iid}`],
    },
    {
      state: 'stopped, still paying for a 100 GiB gp3 volume → low',
      i: instance(iid, { State: { Code: 80, Name: 'stopped' } }),
      over: { status: out([status(iid, 'not-applicable', 'not-applicable')]) },
      severity: 'low',
      title: `instance ${iid} stopped; still paying for its EBS volumes (about $8.00/month)`,
      rest: [`ec2-idle:${iid}:stopped`],
    },
    {
      state: 'a scheduled retirement → medium',
      i: instance(iid),
      over: {
        status: out([
          status(iid, 'ok', 'ok', [
            { Code: 'instance-retirement', Description: 'The instance is running on degraded hardware' },
            { Code: 'system-reboot', Description: '[Completed] done' },
          ]),
        ]),
      },
      severity: 'medium',
      title: `instance ${iid} running, status checks ok; scheduled instance-retirement`,
      rest: [`aws-diagnose:${iid}:event:instance-retirement`],
    },
    {
      state: 'terminated → medium, nothing else checked on it',
      i: instance(iid, { State: { Code: 48, Name: 'terminated' }, StateReason: { Message: 'User initiated' } }),
      over: { groups: out([]), volumes: out([]), status: out([]), cpu: out([]) },
      severity: 'medium',
      title: `instance ${iid} terminated`,
      rest: [`aws-diagnose:${iid}:state`],
    },
    {
      state: 'checks still initializing → info, said in the state',
      i: instance(iid),
      over: { status: out([status(iid, 'initializing', 'ok')]) },
      severity: 'info',
      title: `${iid} looks healthy: running, status checks initializing (system: initializing), no exposure, IMDSv2 required`,
      rest: [`aws-diagnose:${iid}:status-checks`],
    },
  ])('$state', ({ i, over, severity, title, rest }) => {
    const findings = diagnose(instanceSteps(i, over))
    const v = verdictOf(findings)
    expect(v).toMatchObject({
      id: `aws-diagnose:${iid}`,
      severity,
      title,
      resource: { provider: 'aws', type: 'ec2_instance', id: iid, region: 'us-east-1' },
    })
    expect(ids(findings).slice(1)).toEqual(rest)
  })

  it('puts the verdict first however the report sorts (severity, then id)', () => {
    const i = instance(iid, { MetadataOptions: { HttpTokens: 'optional' } })
    const findings = diagnose(instanceSteps(i, { groups: out([sshGroup]), status: undefined }))
    expect([...findings].sort(bySeverity)[0]?.id).toBe(`aws-diagnose:${iid}`)
    expect([...findings].sort(bySeverity)).toEqual(findings)
  })

  it('describes the instance in the verdict’s evidence: groups, volumes, checks', () => {
    const v = verdictOf(diagnose(instanceSteps(instance(iid), { groups: out([sshGroup]) })))
    expect(v.evidence).toMatchObject({
      kind: 'instance',
      state: 'running',
      instance_type: 't3.micro',
      http_tokens: 'required',
      security_groups: [{ id: sshGroup.GroupId, name: 'ssh-world' }],
      volumes: [{ id: 'vol-0123456789abcdef0', device: '/dev/sdf', size_gib: 100, encrypted: true }],
      status_checks: { system: 'ok', instance: 'ok' },
      problems: ['SSH open to the internet'],
    })
  })

  it('says what it could not see when the status, CPU and groups steps failed, and never calls that healthy', () => {
    const findings = diagnose(instanceSteps(instance(iid), { status: undefined, cpu: undefined, groups: undefined }))
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      [`aws-diagnose:${iid}`, 'info'],
      [`aws-diagnose:${iid}:not-seen:status`, 'info'],
      ['ec2-idle:account:not-seen:CPU', 'info'],
      ['sg-open-ingress:account:not-seen:security', 'info'],
    ])
    expect(verdictOf(findings).title).toBe(`${iid} looks healthy: running, IMDSv2 required`)
  })

  it('reports a kind the question named that the id is not', () => {
    const v = verdictOf(diagnose(instanceSteps(instance(iid)), { kind: 'volume' }))
    expect(v.evidence).toMatchObject({ kind: 'instance', kind_named: 'volume' })
  })
})

describe('aws-diagnose when the id is not there', () => {
  it('not found in any region asked → high, naming the regions', () => {
    const notFound = (region: string) => out([], [`${iid} was not found in ${region}`])
    const findings = diagnose({
      instances: { 'us-east-1': notFound('us-east-1'), 'eu-west-1': notFound('eu-west-1') },
      groups: out([]),
      volumes: out([]),
      status: out([]),
      cpu: out([]),
    })
    expect(findings).toEqual([
      expect.objectContaining({
        id: `aws-diagnose:${iid}`,
        severity: 'high',
        title: `${iid} was not found in us-east-1, eu-west-1`,
        resource: { provider: 'aws', type: 'ec2_instance', id: iid, region: 'us-east-1' },
      }),
    ])
  })

  it('a region named outside the environment (nothing asked) → high, saying so', () => {
    const findings = diagnose(
      { instances: out([]), groups: out([]), volumes: out([]), status: out([]), cpu: out([]) },
      { region: 'ap-south-1' },
    )
    expect(verdictOf(findings)).toMatchObject({
      severity: 'high',
      title: `${iid} was not looked up: ap-south-1 is not one of this environment's regions`,
    })
  })

  it('the lookup step failed → info, pointing at the step error', () => {
    const findings = diagnose({ instances: undefined, groups: out([]), volumes: out([]) })
    expect(findings.map((f) => [f.id, f.severity, f.title])).toEqual([
      [`aws-diagnose:${iid}`, 'info', `${iid} could not be looked up: the step that describes it failed`],
    ])
  })

  it('no id (a plan made without --param name) → one info blind spot', () => {
    const findings = analysis.run({ instances: out([]), groups: out([]), volumes: out([]) })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['aws-diagnose:account:not-seen:id', 'info']])
  })
})

describe('aws-diagnose on a security group', () => {
  const users = [instance('i-0000000000000001a'), instance('i-0000000000000002b')]
  it.each([
    {
      state: 'SSH open, used by two instances → high',
      g: group(sgid, 'ssh-world', [tcp(22, '0.0.0.0/0')]),
      instances: users,
      severity: 'high',
      title: `security group ${sgid} (ssh-world) used by 2 instances (i-0000000000000001a, i-0000000000000002b); SSH open to the internet`,
      rest: [`sg-open-ingress:${sgid}:tcp:22`],
    },
    {
      state: 'PostgreSQL and HTTP open, used by none → high, HTTP not called a problem',
      g: group(sgid, 'db', [tcp(80, '0.0.0.0/0'), tcp(5432, '0.0.0.0/0')]),
      instances: [],
      severity: 'high',
      title: `security group ${sgid} (db) used by no instance; PostgreSQL open to the internet`,
      rest: [`sg-open-ingress:${sgid}:tcp:5432`, `sg-open-ingress:${sgid}:tcp:80`],
    },
    {
      state: 'internal rules only → healthy',
      g: group(sgid, 'internal', [tcp(22, '10.0.0.0/8')]),
      instances: users.slice(0, 1),
      severity: 'info',
      title: `${sgid} (internal) looks healthy: used by 1 instance (i-0000000000000001a), no ingress open to the internet`,
      rest: [],
    },
  ])('$state', ({ g, instances, severity, title, rest }) => {
    const findings = diagnose(
      { instances: out(instances), groups: out([g]), volumes: out([]), status: out([]), cpu: out([]) },
      { name: sgid },
    )
    expect(verdictOf(findings)).toMatchObject({
      id: `aws-diagnose:${sgid}`,
      severity,
      title,
      resource: { type: 'security_group', id: sgid },
    })
    expect(ids(findings).slice(1)).toEqual(rest)
  })

  it('not found → high', () => {
    const findings = diagnose(
      { instances: out([]), groups: out([], [`${sgid} was not found in us-east-1`]), volumes: out([]) },
      { name: sgid },
    )
    expect(verdictOf(findings)).toMatchObject({ severity: 'high', title: `${sgid} was not found in us-east-1` })
  })
})

describe('aws-diagnose on a volume', () => {
  it.each([
    {
      state: 'unattached and unencrypted → medium, both said, worst first',
      v: volume(vid, { Size: 10, State: 'available', Encrypted: false }),
      instances: [],
      severity: 'medium',
      title: `volume ${vid} (10 GiB gp3) available; not encrypted; attached to nothing (about $0.80/month)`,
      rest: [`aws-diagnose:${vid}:unencrypted`, `ebs-unattached:${vid}`],
    },
    {
      state: 'attached to a running instance, encrypted → healthy',
      v: attached(vid, iid, { Tags: [{ Key: 'Name', Value: 'data' }] }),
      instances: [instance(iid)],
      severity: 'info',
      title: `${vid} (data, 100 GiB gp3) looks healthy: in-use, attached to ${iid} (running) as /dev/sdf, encrypted`,
      rest: [],
    },
    {
      state: 'in the error state → high',
      v: volume(vid, { State: 'error' }),
      instances: [],
      severity: 'high',
      title: `volume ${vid} (100 GiB gp3) in the error state`,
      rest: [`aws-diagnose:${vid}:state`],
    },
  ])('$state', ({ v, instances, severity, title, rest }) => {
    const findings = diagnose(
      { instances: out(instances), groups: out([]), volumes: out([v]), status: out([]), cpu: out([]) },
      { name: vid },
    )
    expect(verdictOf(findings)).toMatchObject({
      id: `aws-diagnose:${vid}`,
      severity,
      title,
      resource: { type: 'ebs_volume', id: vid },
    })
    expect(ids(findings).slice(1)).toEqual(rest)
  })
})
