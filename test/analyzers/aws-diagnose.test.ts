// aws-diagnose, as the aws-diagnose playbook runs it: one id (params.name) and the outputs of the related_* steps,
// instance status and CPU, in every region. The verdict comes first, at the worst severity of what follows.
import type { InstanceStatus, IpPermission, SecurityGroup } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import type { CpuSeries } from '../../src/actions/aws/cloudwatch-get-cpu-utilization.js'
import { problemsOf } from '../../src/analyzers/aws-diagnose-problems.js'
import type { Finding } from '../../src/analyzers/types.js'
import { bySeverity } from '../../src/analyzers/util.js'
import {
  analysisOf,
  type Inst,
  ids,
  instance,
  only,
  out,
  type StepResult,
  type Steps,
  type Vol,
  volume,
} from './support.js'

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
    expect(verdictOf(findings).evidence.problems).toEqual([])
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

describe('aws-diagnose reads an instance’s name, state and metadata options', () => {
  it.each([
    { state: 'no tags at all', over: { Tags: undefined }, label: iid },
    {
      state: 'the Name tag among others',
      over: {
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'Name', Value: 'web-1' },
        ],
      },
      label: `${iid} (web-1)`,
    },
    { state: 'an empty Name tag', over: { Tags: [{ Key: 'Name', Value: '' }] }, label: iid },
  ])('labels it by $state', ({ over, label }) => {
    const v = verdictOf(diagnose(instanceSteps(instance(iid, over))))
    expect(v.title).toBe(`${label} looks healthy: running, status checks ok, no exposure, IMDSv2 required`)
  })

  it('an instance in no known state: said so, its checks still read, no state finding', () => {
    const findings = diagnose(instanceSteps(instance(iid, { State: undefined })))
    expect(ids(findings)).toEqual([`aws-diagnose:${iid}`])
    expect(verdictOf(findings).title).toBe(
      `${iid} looks healthy: in an unknown state, status checks ok, no exposure, IMDSv2 required`,
    )
    expect(verdictOf(findings).evidence).toMatchObject({ kind: 'instance', state: undefined })
  })

  it.each([
    { state: 'running', name: 'running', facts: ', status checks not reported' },
    { state: 'stopped', name: 'stopped', facts: '' },
  ])('no status reported for a $state instance: said only when it runs', ({ name, facts }) => {
    const i = instance(iid, { State: { Code: name === 'running' ? 16 : 80, Name: name as 'running' } })
    const steps = instanceSteps(i, { status: out([status('i-0fffffffffffffff0', 'impaired', 'impaired')]) })
    const findings = diagnose(steps)
    expect(findings.filter((f) => f.id.includes('status-checks'))).toEqual([])
    expect(verdictOf(findings).title).toMatch(new RegExp(`^(instance )?${iid}( looks healthy:)? ${name}${facts}[,;]`))
    expect(verdictOf(findings).evidence.status_checks).toBeUndefined()
  })

  it('a metadata endpoint turned off: not IMDSv1, and said as fine', () => {
    const i = instance(iid, { MetadataOptions: { HttpEndpoint: 'disabled', HttpTokens: 'optional' } })
    const findings = diagnose(instanceSteps(i))
    expect(ids(findings)).toEqual([`aws-diagnose:${iid}`])
    expect(verdictOf(findings).title).toBe(
      `${iid} looks healthy: running, status checks ok, no exposure, metadata endpoint off`,
    )
  })

  it('no metadata options reported: IMDSv1 is assumed allowed, and IMDSv2 is never claimed', () => {
    const findings = diagnose(instanceSteps(instance(iid, { MetadataOptions: undefined })))
    expect(ids(findings)).toEqual([`aws-diagnose:${iid}`, `ec2-hardening:${iid}:imdsv1`])
    const v = verdictOf(findings)
    expect(v.severity).toBe('high')
    expect(v.title).toBe(`instance ${iid} running, status checks ok; IMDSv1 allowed`)
    expect(v.evidence).toMatchObject({ http_tokens: undefined })
  })

  it('averages CPU over the days asked, and says so in the idle finding', () => {
    const findings = diagnose(instanceSteps(instance(iid), { cpu: out([cpu(iid, 2)]) }), { days: 7 })
    expect(only(findings, `ec2-idle:${iid}`).evidence).toMatchObject({ average_cpu_percent: 2, days: 7 })
  })

  it('insufficient CPU history is context (info), never a problem in the verdict', () => {
    const i = instance(iid, { PublicIpAddress: '54.12.34.56' })
    const findings = diagnose(instanceSteps(i, { cpu: out([cpu(iid, 1, 5)]) }))
    expect(ids(findings)).toEqual([
      `aws-diagnose:${iid}`,
      `ec2-hardening:${iid}:public-ip`,
      `ec2-idle:${iid}:insufficient-data`,
    ])
    expect(verdictOf(findings).title).toBe(`instance ${iid} running, status checks ok; public IP 54.12.34.56`)
    expect(verdictOf(findings).evidence.problems).toEqual(['public IP 54.12.34.56'])
  })

  it('stopped with volumes it cannot price: still paying, no amount', () => {
    const i = instance(iid, { State: { Code: 80, Name: 'stopped' } })
    const findings = diagnose(instanceSteps(i, { volumes: out([]), status: out([]) }))
    expect(verdictOf(findings).title).toBe(`instance ${iid} stopped; still paying for its EBS volumes`)
  })
})

describe('aws-diagnose on a terminated or terminating instance', () => {
  it('terminated: the state finding says why, with the state reason and transition', () => {
    const i = instance(iid, {
      State: { Code: 48, Name: 'terminated' },
      StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated' },
      StateTransitionReason: 'User initiated (2026-11-19 08:00:00 GMT)',
    })
    const findings = diagnose(instanceSteps(i, { groups: out([]), volumes: out([]), status: out([]), cpu: out([]) }))
    expect(only(findings, `aws-diagnose:${iid}:state`)).toEqual({
      id: `aws-diagnose:${iid}:state`,
      severity: 'medium',
      title: `${iid} is terminated: Client.UserInitiatedShutdown: User initiated`,
      resource: { provider: 'aws', type: 'ec2_instance', id: iid, region: 'us-east-1' },
      evidence: {
        state: 'terminated',
        state_reason: 'Client.UserInitiatedShutdown',
        transition: 'User initiated (2026-11-19 08:00:00 GMT)',
      },
      recommendation: 'Nothing can be fixed on a terminated instance; find what replaced it (its Auto Scaling group).',
    })
    expect(verdictOf(findings).recommendation).toBe(
      'Nothing can be fixed on a terminated instance; find what replaced it (its Auto Scaling group).',
    )
  })

  it('shutting-down, with no state reason: the state alone', () => {
    const i = instance(iid, { State: { Code: 32, Name: 'shutting-down' } })
    const findings = diagnose(instanceSteps(i, { status: out([]), cpu: out([]) }))
    const f = only(findings, `aws-diagnose:${iid}:state`)
    expect(f).toMatchObject({ severity: 'medium', title: `${iid} is shutting-down` })
    expect(f.evidence).toStrictEqual({ state: 'shutting-down', state_reason: undefined, transition: undefined })
    expect(verdictOf(findings).title).toBe(`instance ${iid} shutting-down`)
  })

  it.each(['stopping', 'pending', 'stopped'])('%s: no state finding', (name) => {
    const i = instance(iid, { State: { Code: 64, Name: name as 'stopping' } })
    const findings = diagnose(instanceSteps(i, { status: out([]), cpu: out([]) }))
    expect(ids(findings).filter((id) => id.endsWith(':state'))).toEqual([])
  })
})

describe('aws-diagnose instance evidence', () => {
  it('names each volume’s device on this instance, whatever else it is attached to', () => {
    const i = instance(iid, { PublicIpAddress: '54.12.34.56' })
    const multi = volume('vol-0000000000000000c', {
      VolumeType: 'io2',
      Attachments: [
        { InstanceId: 'i-0fffffffffffffff0', Device: '/dev/sdg', State: 'attached' },
        { InstanceId: iid, Device: '/dev/sdh', State: 'attached' },
      ],
    })
    const detached = volume('vol-0000000000000000d', { Attachments: [] })
    const bare = volume('vol-0000000000000000e', { Attachments: undefined, Size: 8 })
    const v = verdictOf(diagnose(instanceSteps(i, { volumes: out([multi, detached, bare]) })))
    expect(v.evidence).toStrictEqual({
      kind: 'instance',
      name: undefined,
      state: 'running',
      instance_type: 't3.micro',
      availability_zone: 'us-east-1a',
      launch_time: '2026-01-15T08:30:00.000Z',
      public_ip: '54.12.34.56',
      private_ip: '10.0.1.15',
      http_tokens: 'required',
      security_groups: [{ id: webGroup.GroupId, name: 'internal' }],
      volumes: [
        { id: 'vol-0000000000000000c', device: '/dev/sdh', size_gib: 100, type: 'io2', encrypted: true },
        { id: 'vol-0000000000000000d', device: undefined, size_gib: 100, type: 'gp3', encrypted: true },
        { id: 'vol-0000000000000000e', device: undefined, size_gib: 8, type: 'gp3', encrypted: true },
      ],
      status_checks: { system: 'ok', instance: 'ok' },
      problems: ['public IP 54.12.34.56'],
    })
  })

  it('an instance with no placement or launch time reported', () => {
    const i = instance(iid, { Placement: undefined, LaunchTime: undefined })
    const v = verdictOf(diagnose(instanceSteps(i)))
    expect(v.evidence).toMatchObject({ availability_zone: undefined, launch_time: undefined })
  })
})

describe('aws-diagnose status checks', () => {
  const steps = (s: InstanceStatus[]) => instanceSteps(instance(iid), { status: out(s) })
  const checksOf = (findings: Finding[]) => verdictOf(findings).evidence.status_checks

  it('reads this instance’s status, not another’s listed first', () => {
    const findings = diagnose(steps([status('i-0fffffffffffffff0', 'impaired', 'impaired'), status(iid, 'ok', 'ok')]))
    expect(ids(findings)).toEqual([`aws-diagnose:${iid}`])
    expect(verdictOf(findings).title).toContain('running, status checks ok')
  })

  it('impaired system and instance checks: both named, the details kept, hardware advice', () => {
    const s: InstanceStatus = {
      InstanceId: iid,
      SystemStatus: { Status: 'impaired', Details: [{ Name: 'reachability', Status: 'failed' }] },
      InstanceStatus: { Status: 'impaired', Details: [{ Name: 'reachability', Status: 'failed' }] },
      AttachedEbsStatus: { Status: 'ok' },
    }
    const findings = diagnose(steps([s]))
    expect(only(findings, `aws-diagnose:${iid}:status-checks`)).toStrictEqual({
      id: `aws-diagnose:${iid}:status-checks`,
      severity: 'high',
      title: `${iid}: status checks impaired (system: impaired, instance: impaired)`,
      resource: { provider: 'aws', type: 'ec2_instance', id: iid, region: 'us-east-1' },
      evidence: {
        status_checks: { system: 'impaired', instance: 'impaired', ebs: 'ok' },
        details: { 'system.reachability': 'failed', 'instance.reachability': 'failed' },
      },
      recommendation:
        'A failed system check is AWS hardware or network: stop and start it to move hosts. A failed instance check is the OS: read its console output and screenshot.',
    })
    expect(verdictOf(findings).title).toBe(
      `instance ${iid} running, status checks impaired (system: impaired, instance: impaired)`,
    )
  })

  it('an impaired EBS check, with no system status reported', () => {
    const s: InstanceStatus = {
      InstanceId: iid,
      InstanceStatus: { Status: 'ok' },
      AttachedEbsStatus: { Status: 'impaired' },
    }
    const findings = diagnose(steps([s]))
    const f = only(findings, `aws-diagnose:${iid}:status-checks`)
    expect(f.title).toBe(`${iid}: status checks impaired (ebs: impaired)`)
    expect(f.evidence).toStrictEqual({ status_checks: { instance: 'ok', ebs: 'impaired' }, details: {} })
  })

  it('an impaired system check, with no instance status reported: its details alone', () => {
    const s: InstanceStatus = {
      InstanceId: iid,
      SystemStatus: { Status: 'impaired', Details: [{ Name: 'reachability', Status: 'failed' }] },
    }
    const f = only(diagnose(steps([s])), `aws-diagnose:${iid}:status-checks`)
    expect(f.title).toBe(`${iid}: status checks impaired (system: impaired)`)
    expect(f.evidence).toStrictEqual({
      status_checks: { system: 'impaired' },
      details: { 'system.reachability': 'failed' },
    })
  })

  it('an instance check with no data yet → low, wait-and-see advice', () => {
    const s: InstanceStatus = {
      InstanceId: iid,
      SystemStatus: { Status: 'ok' },
      InstanceStatus: { Status: 'insufficient-data' },
    }
    const findings = diagnose(steps([s]))
    expect(only(findings, `aws-diagnose:${iid}:status-checks`)).toMatchObject({
      severity: 'low',
      title: `${iid}: status checks insufficient-data (instance: insufficient-data)`,
      recommendation: 'Checks are still starting or lack data; look again in a few minutes.',
    })
    expect(verdictOf(findings).severity).toBe('low')
  })

  it('checks that do not apply (not-applicable) or are missing are left out', () => {
    const s: InstanceStatus = {
      InstanceId: iid,
      SystemStatus: { Status: 'ok' },
      InstanceStatus: { Status: 'not-applicable' },
    }
    const findings = diagnose(steps([s]))
    expect(checksOf(findings)).toStrictEqual({ system: 'ok' })
    expect(verdictOf(findings).title).toContain('running, status checks ok,')
  })

  it('no check reported at all: no fact, no finding', () => {
    const findings = diagnose(steps([{ InstanceId: iid }]))
    expect(ids(findings)).toEqual([`aws-diagnose:${iid}`])
    expect(checksOf(findings)).toStrictEqual({})
    expect(verdictOf(findings).title).toBe(`${iid} looks healthy: running, no exposure, IMDSv2 required`)
  })

  it('a status step that failed: not seen, said in its own finding', () => {
    const findings = diagnose(instanceSteps(instance(iid), { status: undefined }))
    expect(only(findings, `aws-diagnose:${iid}:not-seen:status`)).toEqual({
      id: `aws-diagnose:${iid}:not-seen:status`,
      severity: 'info',
      title: `Not checked for ${iid}: EC2 status checks`,
      resource: { provider: 'aws', type: 'ec2_instance', id: iid, region: 'us-east-1' },
      evidence: {},
      recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
    })
  })

  it('a scheduled event: its window, its advice; past and cancelled ones (and events that only mention them) apart', () => {
    const s = status(iid, 'ok', 'ok', [
      {
        Code: 'system-reboot',
        Description: 'scheduled reboot',
        NotBefore: new Date('2026-12-01T02:00:00Z'),
        NotAfter: new Date('2026-12-01T04:00:00Z'),
      },
      { Code: 'instance-stop', Description: '[Canceled] scheduled stop' },
      { Code: 'instance-reboot', Description: '[Completed] scheduled reboot' },
      { Code: 'system-maintenance', Description: 'maintenance (a retry of one [Canceled] last week)' },
      { Code: 'instance-retirement' },
    ])
    const findings = diagnose(steps([s]))
    expect(ids(findings).slice(1)).toEqual([
      `aws-diagnose:${iid}:event:instance-retirement`,
      `aws-diagnose:${iid}:event:system-maintenance`,
      `aws-diagnose:${iid}:event:system-reboot`,
    ])
    expect(only(findings, `aws-diagnose:${iid}:event:system-reboot`)).toStrictEqual({
      id: `aws-diagnose:${iid}:event:system-reboot`,
      severity: 'medium',
      title: `${iid} has a scheduled system-reboot from 2026-12-01T02:00:00.000Z`,
      resource: { provider: 'aws', type: 'ec2_instance', id: iid, region: 'us-east-1' },
      evidence: {
        code: 'system-reboot',
        description: 'scheduled reboot',
        not_before: '2026-12-01T02:00:00.000Z',
        not_after: '2026-12-01T04:00:00.000Z',
      },
      recommendation:
        'Stop and start it (or reboot it, for a reboot event) in a window of your choosing before AWS does.',
    })
    expect(only(findings, `aws-diagnose:${iid}:event:instance-retirement`).title).toBe(
      `${iid} has a scheduled instance-retirement`,
    )
  })

  it('a status with no events listed', () => {
    const findings = diagnose(
      steps([{ InstanceId: iid, SystemStatus: { Status: 'ok' }, InstanceStatus: { Status: 'ok' } }]),
    )
    expect(ids(findings)).toEqual([`aws-diagnose:${iid}`])
  })
})

describe('aws-diagnose says each problem once, in a few words, worst first', () => {
  it('a rule open to the world among private sources is exposure', () => {
    const g = group(sgid, 'mixed', [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }] },
    ])
    const v = verdictOf(diagnose(instanceSteps(instance(iid), { groups: out([g]) })))
    expect(v.title).toBe(`instance ${iid} running, status checks ok; SSH open to the internet`)
  })

  it('IPv6-only world rules are exposure too', () => {
    const g = group(sgid, 'v6', [
      { IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ])
    const v = verdictOf(diagnose(instanceSteps(instance(iid), { groups: out([g]) })))
    expect(v.title).toBe(`instance ${iid} running, status checks ok; MySQL open to the internet`)
  })

  it('a group with no rules listed is no exposure', () => {
    const g: Group = { GroupId: sgid, GroupName: 'empty', Region: 'us-east-1' }
    const v = verdictOf(diagnose(instanceSteps(instance(iid), { groups: out([g]) })))
    expect(v.title).toBe(`${iid} looks healthy: running, status checks ok, no exposure, IMDSv2 required`)
  })

  it('exposure at its own severity: SSH (high) stays ahead of IMDSv1 (high), all traffic (critical) ahead of both', () => {
    const i = instance(iid, { MetadataOptions: { HttpTokens: 'optional' } })
    const ssh = verdictOf(diagnose(instanceSteps(i, { groups: out([sshGroup]) })))
    expect(ssh.title).toBe(`instance ${iid} running, status checks ok; SSH open to the internet; IMDSv1 allowed`)
    const all = group(sgid, 'open', [allTraffic])
    const v = verdictOf(diagnose(instanceSteps(i, { groups: out([all]) })))
    expect(v.title).toBe(`instance ${iid} running, status checks ok; all traffic open to the internet; IMDSv1 allowed`)
    expect(v.severity).toBe('critical')
  })

  it('HTTPS only is fine, and no problem in the evidence', () => {
    const v = verdictOf(
      diagnose(instanceSteps(instance(iid), { groups: out([group(sgid, 'web', [tcp(443, '0.0.0.0/0')])]) })),
    )
    expect(v.evidence.problems).toEqual([])
  })

  it('one unencrypted volume is named alone', () => {
    const volumes = out([attached('vol-0000000000000000a', iid, { Encrypted: false })])
    const v = verdictOf(diagnose(instanceSteps(instance(iid), { volumes })))
    expect(v.title).toBe(`instance ${iid} running, status checks ok; unencrypted volume vol-0000000000000000a`)
  })

  it('unencrypted volumes merge into one phrase where the first was, next to the other problems', () => {
    const i = instance(iid, { MetadataOptions: { HttpTokens: 'optional' }, PublicIpAddress: '54.12.34.56' })
    const volumes = out([
      attached('vol-0000000000000000a', iid, { Encrypted: false }),
      attached('vol-0000000000000000b', iid, { Encrypted: false }),
    ])
    const v = verdictOf(diagnose(instanceSteps(i, { volumes })))
    expect(v.title).toBe(
      `instance ${iid} running, status checks ok; IMDSv1 allowed; public IP 54.12.34.56; unencrypted volumes vol-0000000000000000a, vol-0000000000000000b`,
    )
    expect(v.evidence.problems).toEqual([
      'IMDSv1 allowed',
      'public IP 54.12.34.56',
      'unencrypted volumes vol-0000000000000000a, vol-0000000000000000b',
    ])
  })
})

describe('aws-diagnose on a security group: its users', () => {
  const users = ['i-0000000000000001a', 'i-0000000000000002b', 'i-0000000000000003c', 'i-0000000000000004d']
  const run = (g: Group, instances: StepResult) =>
    diagnose({ instances, groups: out([g]), volumes: out([]), status: out([]), cpu: out([]) }, { name: sgid })
  const internal = group(sgid, 'internal', [tcp(22, '10.0.0.0/8')])

  it.each([
    { n: 3, used: `used by 3 instances (${users.slice(0, 3).join(', ')})` },
    { n: 4, used: `used by 4 instances (${users.slice(0, 3).join(', ')}, and 1 more)` },
  ])('$n users: names at most three', ({ n, used }) => {
    const v = verdictOf(run(internal, out(users.slice(0, n).map((id) => instance(id)))))
    expect(v.title).toBe(`${sgid} (internal) looks healthy: ${used}, no ingress open to the internet`)
    expect(v.evidence.instances).toEqual(users.slice(0, n))
  })

  it('leaves out terminated instances, and counts those in no known state', () => {
    const instances = [
      instance(users[0] as string),
      instance(users[1] as string, { State: { Code: 48, Name: 'terminated' } }),
      instance(users[2] as string, { State: undefined }),
    ]
    const v = verdictOf(run(internal, out(instances)))
    expect(v.evidence.instances).toEqual([users[0], users[2]])
    expect(v.title).toContain(`used by 2 instances (${users[0]}, ${users[2]})`)
  })

  it('the instances step failed: not seen, and no usage claimed', () => {
    const findings = run(internal, undefined)
    expect(ids(findings)).toEqual([`aws-diagnose:${sgid}`, `aws-diagnose:${sgid}:not-seen:instances`])
    expect(only(findings, `aws-diagnose:${sgid}:not-seen:instances`)).toMatchObject({
      severity: 'info',
      title: `Not checked for ${sgid}: which instances use it`,
      resource: { provider: 'aws', type: 'security_group', id: sgid, region: 'us-east-1' },
    })
    expect(verdictOf(findings).title).toBe(`${sgid} (internal) looks healthy: no ingress open to the internet`)
  })

  it('describes the group in the verdict’s evidence', () => {
    const v = verdictOf(run(group(sgid, 'ssh-world', [tcp(22, '0.0.0.0/0'), tcp(443, '0.0.0.0/0')]), out([])))
    expect(v.evidence).toStrictEqual({
      kind: 'security_group',
      name: 'ssh-world',
      description: 'seeded',
      vpc_id: 'vpc-0a1b2c3d',
      ingress_rules: 2,
      instances: [],
      problems: ['SSH open to the internet'],
    })
  })

  it('a group with no rules listed has none, and no name is labelled by its id', () => {
    const v = verdictOf(run({ GroupId: sgid, Region: 'us-east-1' }, out([])))
    expect(v.title).toBe(`${sgid} looks healthy: used by no instance, no ingress open to the internet`)
    expect(v.evidence).toMatchObject({ ingress_rules: 0, name: undefined })
  })
})

describe('aws-diagnose on a volume: state, attachments, encryption', () => {
  const run = (v: Vol, instances: Inst[] = []) =>
    diagnose(
      { instances: out(instances), groups: out([]), volumes: out([v]), status: out([]), cpu: out([]) },
      { name: vid },
    )

  it('attached to an instance it did not see: no instance state; in an unknown volume state', () => {
    const v = attached(vid, iid, { State: undefined })
    expect(verdictOf(run(v)).title).toBe(
      `${vid} (100 GiB gp3) looks healthy: in an unknown state, attached to ${iid} as /dev/sdf, encrypted`,
    )
  })

  it('attached to a stopped instance, among others it sees', () => {
    const v = attached(vid, iid)
    const title = verdictOf(
      run(v, [instance('i-0fffffffffffffff0'), instance(iid, { State: { Code: 80, Name: 'stopped' } })]),
    ).title
    expect(title).toBe(
      `${vid} (100 GiB gp3) looks healthy: in-use, attached to ${iid} (stopped) as /dev/sdf, encrypted`,
    )
  })

  it('attached to an instance in no known state', () => {
    const title = verdictOf(run(attached(vid, iid), [instance(iid, { State: undefined })])).title
    expect(title).toBe(`${vid} (100 GiB gp3) looks healthy: in-use, attached to ${iid} as /dev/sdf, encrypted`)
  })

  it('describes the volume in the verdict’s evidence', () => {
    const v = attached(vid, iid, { SnapshotId: 'snap-0123456789abcdef0', Tags: [{ Key: 'Name', Value: 'data' }] })
    expect(verdictOf(run(v)).evidence).toStrictEqual({
      kind: 'volume',
      name: 'data',
      state: 'in-use',
      size_gib: 100,
      volume_type: 'gp3',
      iops: 3000,
      encrypted: true,
      availability_zone: 'us-east-1a',
      snapshot_id: 'snap-0123456789abcdef0',
      attachments: [{ instance_id: iid, device: '/dev/sdf', state: 'attached' }],
      problems: [],
    })
  })

  it('an empty snapshot id and no attachments listed are left out', () => {
    const v = volume(vid, { SnapshotId: '', Attachments: undefined })
    expect(verdictOf(run(v)).evidence).toMatchObject({ snapshot_id: undefined, attachments: [] })
    expect(verdictOf(run(v)).title).toBe(`${vid} (100 GiB gp3) looks healthy: in-use, encrypted`)
  })

  it('unencrypted and attached: the finding names what uses it', () => {
    const v = attached(vid, iid, { Encrypted: false })
    const findings = run(v, [instance(iid)])
    expect(only(findings, `aws-diagnose:${vid}:unencrypted`)).toStrictEqual({
      id: `aws-diagnose:${vid}:unencrypted`,
      severity: 'medium',
      title: `${vid} is not encrypted`,
      resource: { provider: 'aws', type: 'ebs_volume', id: vid, region: 'us-east-1' },
      evidence: { encrypted: false, attachments: [iid] },
      recommendation: 'Copy it to an encrypted snapshot and swap the volume; enable EBS encryption by default.',
    })
    expect(verdictOf(findings)).toMatchObject({
      severity: 'medium',
      title: `volume ${vid} (100 GiB gp3) in-use, attached to ${iid} (running) as /dev/sdf; not encrypted`,
      recommendation: 'Copy it to an encrypted snapshot and swap the volume; enable EBS encryption by default.',
    })
  })

  it('unencrypted with no attachments listed', () => {
    const findings = run(volume(vid, { Encrypted: false, Attachments: undefined }))
    expect(only(findings, `aws-diagnose:${vid}:unencrypted`).evidence).toEqual({ encrypted: false, attachments: [] })
  })

  it('in the error state: the hardware failed, restore it', () => {
    const findings = run(volume(vid, { State: 'error' }))
    expect(only(findings, `aws-diagnose:${vid}:state`)).toStrictEqual({
      id: `aws-diagnose:${vid}:state`,
      severity: 'high',
      title: `${vid} is in the error state: its underlying hardware failed`,
      resource: { provider: 'aws', type: 'ebs_volume', id: vid, region: 'us-east-1' },
      evidence: { state: 'error' },
      recommendation: 'Restore it from its latest snapshot to a new volume; the data on this one may be lost.',
    })
    expect(verdictOf(findings).recommendation).toBe(
      'Restore it from its latest snapshot to a new volume; the data on this one may be lost.',
    )
  })

  it.each(['creating', 'deleting', 'available'])('%s is not the error state', (state) => {
    const findings = run(volume(vid, { State: state as 'creating' }))
    expect(ids(findings).filter((id) => id.endsWith(':state'))).toEqual([])
  })

  it('a large unattached volume: its cost, at its severity, with its own advice', () => {
    const findings = run(volume(vid, { Size: 2000, State: 'available', Tags: [{ Key: 'Name', Value: 'old' }] }))
    const v = verdictOf(findings)
    expect(v).toMatchObject({
      severity: 'medium',
      title: `volume ${vid} (old, 2000 GiB gp3) available; attached to nothing (about $160.00/month)`,
      recommendation: 'Snapshot it if the data matters, then delete it; or attach it where it is needed.',
    })
  })
})

describe('aws-diagnose verdict and lookups', () => {
  it('a healthy verdict advises nothing', () => {
    expect(verdictOf(diagnose(instanceSteps(instance(iid)))).recommendation).toBe(
      'Nothing to fix; the findings after this one are context.',
    )
  })

  it('a verdict advises what its worst finding does', () => {
    const i = instance(iid, { PublicIpAddress: '54.12.34.56', MetadataOptions: { HttpTokens: 'optional' } })
    expect(verdictOf(diagnose(instanceSteps(i))).recommendation).toBe(
      'Require IMDSv2 (HttpTokens=required) once its software uses session tokens.',
    )
  })

  it('advises what its worst finding does, wherever that finding came in the diagnosis', () => {
    const i = instance(iid, { PublicIpAddress: '54.12.34.56' })
    const checks: InstanceStatus = { InstanceId: iid, SystemStatus: { Status: 'insufficient-data' } }
    const findings = diagnose(instanceSteps(i, { status: out([checks]), cpu: out([cpu(iid, 1)]) }))
    expect(verdictOf(findings)).toMatchObject({
      severity: 'medium',
      recommendation: 'Put it behind a load balancer or NAT, unless it must be reachable directly.',
    })
  })

  it('the kind named matches: not reported', () => {
    const v = verdictOf(diagnose(instanceSteps(instance(iid)), { kind: 'instance' }))
    expect(v.evidence).not.toHaveProperty('kind_named')
  })

  it('sorts the findings after the verdict by severity, then id', () => {
    const i = instance(iid, { PublicIpAddress: '54.12.34.56', MetadataOptions: { HttpTokens: 'optional' } })
    const findings = diagnose(
      instanceSteps(i, {
        groups: out([group(sgid, 'open', [tcp(443, '0.0.0.0/0'), tcp(22, '0.0.0.0/0'), allTraffic])]),
        cpu: out([cpu(iid, 1)]),
      }),
    )
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      [`aws-diagnose:${iid}`, 'critical'],
      [`sg-open-ingress:${sgid}:all:all`, 'critical'],
      [`ec2-hardening:${iid}:imdsv1`, 'high'],
      [`sg-open-ingress:${sgid}:tcp:22`, 'high'],
      [`ec2-hardening:${iid}:public-ip`, 'medium'],
      [`ec2-idle:${iid}`, 'medium'],
      [`sg-open-ingress:${sgid}:tcp:443`, 'info'],
    ])
  })

  it.each([
    { kind: 'instance', name: iid, step: 'instances', other: instance('i-0fffffffffffffff0'), own: instance(iid) },
    {
      kind: 'security group',
      name: sgid,
      step: 'groups',
      other: group('sg-0fffffffffffffff0', 'other', []),
      own: group(sgid, 'own', []),
    },
    { kind: 'volume', name: vid, step: 'volumes', other: volume('vol-0fffffffffffffff0'), own: volume(vid) },
  ])('diagnoses the $kind asked, not another its step also returned', ({ name, step, other, own }) => {
    const steps: Steps = { instances: out([]), groups: out([]), volumes: out([]), [step]: out([other, own]) }
    const v = verdictOf(diagnose(steps, { name }))
    expect(v.id).toBe(`aws-diagnose:${name}`)
    expect(v.resource.id).toBe(name)
    expect(v.title).toContain(name)
    expect(v.title).not.toContain('fffffffffffffff0')
  })

  it('not found: the evidence names the regions asked and the region named', () => {
    const findings = diagnose(
      { instances: out([], [`${iid} was not found in eu-west-1`]), groups: out([]), volumes: out([]) },
      { region: 'eu-west-1' },
    )
    expect(findings).toStrictEqual([
      {
        id: `aws-diagnose:${iid}`,
        severity: 'high',
        title: `${iid} was not found in eu-west-1`,
        resource: { provider: 'aws', type: 'ec2_instance', id: iid, region: 'eu-west-1' },
        evidence: { kind: 'instance', regions_asked: ['eu-west-1'], region_named: 'eu-west-1' },
        recommendation:
          'Check the id, and the account and region it lives in: name the region in the question, or pick the environment that holds it with --env.',
      },
    ])
  })

  it('not looked up in a region outside the environment: resource in the region named', () => {
    const [f] = diagnose({ volumes: out([]), instances: out([]), groups: out([]) }, { name: vid, region: 'ap-south-1' })
    expect(f?.resource).toStrictEqual({ provider: 'aws', type: 'ebs_volume', id: vid, region: 'ap-south-1' })
    expect(f?.evidence).toStrictEqual({ kind: 'volume', regions_asked: [], region_named: 'ap-south-1' })
  })

  it('no region asked and none named', () => {
    const [f] = diagnose({ instances: out([]), groups: out([]), volumes: out([]) })
    expect(f?.title).toBe(`${iid} was not looked up: the region named is not one of this environment's regions`)
    expect(f?.resource).toStrictEqual({ provider: 'aws', type: 'ec2_instance', id: iid })
    expect(f?.evidence).toStrictEqual({ kind: 'instance', regions_asked: [] })
  })

  it.each([
    { name: sgid, kind: 'security_group', type: 'security_group', step: 'groups' },
    { name: vid, kind: 'volume', type: 'ebs_volume', step: 'volumes' },
    { name: iid, kind: 'instance', type: 'ec2_instance', step: 'instances' },
  ])('the step that describes a $kind failed: only that one matters', ({ name, kind, type, step }) => {
    const steps: Steps = { instances: out([]), groups: out([]), volumes: out([]), [step]: undefined }
    expect(diagnose(steps, { name })).toStrictEqual([
      {
        id: `aws-diagnose:${name}`,
        severity: 'info',
        title: `${name} could not be looked up: the step that describes it failed`,
        resource: { provider: 'aws', type, id: name },
        evidence: { kind },
        recommendation: 'See the step errors in this report; fix access and run again.',
      },
    ])
  })

  it.each([
    { state: 'no id', params: {} },
    { state: 'an id of no kind it knows (an AMI)', params: { name: 'ami-0123456789abcdef0' } },
  ])('$state → one blind spot saying how to give one', ({ params }) => {
    expect(analysis.run({ instances: out([]), groups: out([]), volumes: out([]) }, params)).toStrictEqual([
      {
        id: 'aws-diagnose:account:not-seen:id',
        severity: 'info',
        title: 'Not checked: no instance, security group or volume id was given',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'Give the id with --param name=<i-…|sg-…|vol-…>, or name it in the question.',
      },
    ])
  })

  it.each([
    { params: { kind: 'volume', region: 'eu-west-1', days: 1 }, ok: true },
    { params: { kind: 'security_group' }, ok: true },
    { params: { kind: 'instance' }, ok: true },
    { params: { kind: 'bucket' }, ok: false },
    { params: { region: 'Europe' }, ok: false },
    { params: { days: 0 }, ok: false },
    { params: { days: 1.5 }, ok: false },
    { params: { name: 42 }, ok: false },
  ])('options $params: accepted $ok', ({ params, ok }) => {
    const run = () => diagnose(instanceSteps(instance(iid)), params)
    if (ok) expect(run).not.toThrow()
    else expect(run).toThrow(/invalid with/)
  })
})

describe('aws-diagnose problem phrases for findings it has no phrase for', () => {
  const finding = (id: string, severity: Finding['severity']): Finding => ({
    id,
    severity,
    title: `the title of ${id}`,
    resource: { provider: 'aws', type: 'ec2_instance', id: iid },
    evidence: {},
    recommendation: 'r',
  })
  it('an analyzer it has no phrases for, or a detail it does not know: the finding’s title; info: nothing', () => {
    expect(
      problemsOf([
        finding(`ec2-rightsizing:${iid}:oversized`, 'medium'),
        finding(`ec2-hardening:${iid}:new-check`, 'low'),
        finding(`ec2-rightsizing:${iid}:note`, 'info'),
      ]),
    ).toEqual([
      { severity: 'medium', text: `the title of ec2-rightsizing:${iid}:oversized` },
      { severity: 'low', text: `the title of ec2-hardening:${iid}:new-check` },
    ])
  })
})
