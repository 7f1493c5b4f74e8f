// ec2-hardening, as the aws-instance-hardening playbook runs it: instances from aws.ec2.describe_instances and
// volumes from aws.ec2.describe_volumes (optional), both in every region. No options.
import { describe, expect, it } from 'vitest'
import { analysisOf, type Inst, ids, instance, only, out, type Vol, volume } from './support.js'

const analysis = await analysisOf('aws-instance-hardening', 'ec2-hardening')
const run = (instances: Inst[], volumes: Vol[] | null = []) =>
  analysis.run({ instances: out(instances), volumes: volumes ? out(volumes) : undefined })

const imds = (HttpTokens: string | undefined, HttpEndpoint = 'enabled'): Partial<Inst> => ({
  MetadataOptions: {
    State: 'applied',
    HttpTokens: HttpTokens as never,
    HttpEndpoint: HttpEndpoint as never,
    HttpPutResponseHopLimit: 1,
  },
})
const attachedTo = (id: string, instanceId: string, encrypted: boolean, device = '/dev/xvda') =>
  volume(id, {
    Encrypted: encrypted,
    State: 'in-use',
    Attachments: [
      { InstanceId: instanceId, VolumeId: id, Device: device, State: 'attached', DeleteOnTermination: true },
    ],
  })
const resource = (id: string, region = 'us-east-1') => ({ provider: 'aws', type: 'ec2_instance', id, region })

describe('ec2-hardening flags', () => {
  it.each([
    {
      state: 'IMDSv1 allowed (HttpTokens=optional) → high',
      i: instance('i-0aa1', imds('optional')),
      volumes: [],
      id: 'ec2-hardening:i-0aa1:imdsv1',
      severity: 'high',
      evidence: { http_tokens: 'optional', http_endpoint: 'enabled' },
    },
    {
      state: 'no metadata options reported → IMDSv1 assumed, high',
      i: instance('i-0aa1', { MetadataOptions: undefined }),
      volumes: [],
      id: 'ec2-hardening:i-0aa1:imdsv1',
      severity: 'high',
      evidence: { http_tokens: 'optional', http_endpoint: undefined },
    },
    {
      state: 'a stopped instance that allows IMDSv1 (it will when started) → high',
      i: instance('i-0aa1', { ...imds('optional'), State: { Code: 80, Name: 'stopped' } }),
      volumes: [],
      id: 'ec2-hardening:i-0aa1:imdsv1',
      severity: 'high',
      evidence: { http_tokens: 'optional' },
    },
    {
      state: 'a public IP address → medium',
      i: instance('i-0aa1', { PublicIpAddress: '54.12.34.56' }),
      volumes: [],
      id: 'ec2-hardening:i-0aa1:public-ip',
      severity: 'medium',
      evidence: { public_ip: '54.12.34.56', subnet_id: 'subnet-0a1b2c3d' },
    },
    {
      state: 'an unencrypted attached volume → medium, on the instance',
      i: instance('i-0aa1'),
      volumes: [attachedTo('vol-0f1', 'i-0aa1', false, '/dev/sdf')],
      id: 'ec2-hardening:i-0aa1:unencrypted:vol-0f1',
      severity: 'medium',
      evidence: { volume_id: 'vol-0f1', device: '/dev/sdf', encrypted: false },
    },
  ])('$state', ({ i, volumes, id, severity, evidence }) => {
    const findings = run([i], volumes)
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual(resource('i-0aa1'))
    expect(f.evidence).toMatchObject(evidence)
  })

  it('reports every problem of one instance, with the instance’s region', () => {
    const i = instance('i-0bb2', { ...imds('optional'), PublicIpAddress: '3.4.5.6', Region: 'eu-west-1' })
    const findings = analysis.run({
      instances: { 'us-east-1': out([]), 'eu-west-1': out([i]) },
      volumes: {
        'us-east-1': out([]),
        'eu-west-1': out([{ ...attachedTo('vol-0b2', 'i-0bb2', false), Region: 'eu-west-1' }]),
      },
    })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['ec2-hardening:i-0bb2:imdsv1', 'high'],
      ['ec2-hardening:i-0bb2:public-ip', 'medium'],
      ['ec2-hardening:i-0bb2:unencrypted:vol-0b2', 'medium'],
    ])
    for (const f of findings) expect(f.resource).toEqual(resource('i-0bb2', 'eu-west-1'))
  })
})

describe('ec2-hardening does not flag (next to an IMDSv1 instance it does)', () => {
  const control = instance('i-control', imds('optional'))
  it.each([
    {
      state: 'IMDSv2 required, private IP, encrypted volume',
      i: instance('i-1'),
      volumes: [attachedTo('vol-1', 'i-1', true)],
    },
    {
      state: 'IMDS disabled altogether (HttpTokens=optional)',
      i: instance('i-1', imds('optional', 'disabled')),
      volumes: [],
    },
    {
      state: 'a terminated instance that allowed IMDSv1 and had a public IP',
      i: instance('i-1', { ...imds('optional'), PublicIpAddress: '54.1.2.3', State: { Code: 48, Name: 'terminated' } }),
      volumes: [],
    },
    {
      state: 'an unencrypted volume attached to nothing',
      i: instance('i-1'),
      volumes: [volume('vol-1', { Encrypted: false, State: 'available' })],
    },
    {
      state: 'an unencrypted volume still attached to a terminated instance',
      i: instance('i-1', { State: { Code: 48, Name: 'terminated' } }),
      volumes: [attachedTo('vol-1', 'i-1', false)],
    },
    {
      state: 'an unencrypted volume attached to an instance not in the listing',
      i: instance('i-1'),
      volumes: [attachedTo('vol-1', 'i-elsewhere', false)],
    },
  ])('$state', ({ i, volumes }) => {
    expect(ids(run([control, i], volumes))).toEqual(['ec2-hardening:i-control:imdsv1'])
  })
})

describe('ec2-hardening with a describe step failed', () => {
  it('says instances were not seen (info) when they could not be described', () => {
    const findings = analysis.run({
      instances: { 'us-east-1': undefined },
      volumes: out([attachedTo('vol-1', 'i-1', false)]),
    })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['ec2-hardening:account:not-seen:EC2', 'info']])
  })

  it('still reports IMDS and public IPs when volumes could not be described, and says encryption was not checked', () => {
    const findings = run([instance('i-0aa1', imds('optional'))], null)
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['ec2-hardening:i-0aa1:imdsv1', 'high'],
      ['ec2-hardening:account:not-seen:volume', 'info'],
    ])
  })
})

describe('ec2-hardening says it', () => {
  it('IMDSv1: the setting, and the fix', () => {
    expect(run([instance('i-0aa1', imds('optional'))])).toEqual([
      {
        id: 'ec2-hardening:i-0aa1:imdsv1',
        severity: 'high',
        title: 'i-0aa1 allows IMDSv1 (HttpTokens=optional)',
        resource: resource('i-0aa1'),
        evidence: { http_tokens: 'optional', http_endpoint: 'enabled' },
        recommendation: 'Require IMDSv2 (HttpTokens=required) once its software uses session tokens.',
      },
    ])
  })

  it('metadata options without HttpTokens: IMDSv1 assumed', () => {
    const [f] = run([instance('i-0aa1', { MetadataOptions: { HttpEndpoint: 'enabled' } })])
    expect(f?.title).toBe('i-0aa1 allows IMDSv1 (HttpTokens=optional)')
  })

  it('a public IP: the address and its subnet, and the fix', () => {
    expect(run([instance('i-0aa1', { PublicIpAddress: '54.12.34.56' })])).toEqual([
      {
        id: 'ec2-hardening:i-0aa1:public-ip',
        severity: 'medium',
        title: 'i-0aa1 has a public IP address 54.12.34.56',
        resource: resource('i-0aa1'),
        evidence: { public_ip: '54.12.34.56', subnet_id: 'subnet-0a1b2c3d' },
        recommendation: 'Put it behind a load balancer or NAT, unless it must be reachable directly.',
      },
    ])
  })

  it('an unencrypted volume: on each live instance it is attached to, with the device', () => {
    const shared = volume('vol-0f1', {
      Encrypted: false,
      VolumeType: 'io2',
      Attachments: [
        { InstanceId: 'i-0aa1', Device: '/dev/sdf', State: 'attached' },
        { InstanceId: 'i-gone', Device: '/dev/sdh', State: 'attached' },
        { InstanceId: 'i-0bb2', Device: '/dev/sdg', State: 'attached' },
      ],
    })
    const west = instance('i-0bb2', { Region: 'eu-west-1' })
    const findings = run(
      [instance('i-0aa1'), west],
      [shared, volume('vol-0f2', { Encrypted: false, Attachments: undefined })],
    )
    expect(findings).toEqual([
      {
        id: 'ec2-hardening:i-0aa1:unencrypted:vol-0f1',
        severity: 'medium',
        title: 'i-0aa1 uses unencrypted volume vol-0f1 (/dev/sdf)',
        resource: resource('i-0aa1'),
        evidence: { volume_id: 'vol-0f1', device: '/dev/sdf', encrypted: false },
        recommendation: 'Copy it to an encrypted snapshot and swap the volume; enable EBS encryption by default.',
      },
      expect.objectContaining({
        id: 'ec2-hardening:i-0bb2:unencrypted:vol-0f1',
        title: 'i-0bb2 uses unencrypted volume vol-0f1 (/dev/sdg)',
        resource: resource('i-0bb2', 'eu-west-1'),
      }),
    ])
  })

  it('an instance with no id: its resource has an empty id', () => {
    const [f] = run([instance('i-0aa1', { InstanceId: undefined, ...imds('optional') })])
    expect(f?.resource.id).toBe('')
  })

  it('blind spots say what was not seen', () => {
    expect(run([], null)).toEqual([
      {
        id: 'ec2-hardening:account:not-seen:volume',
        severity: 'info',
        title: 'Not checked: volume encryption (the volumes step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
    expect(analysis.run({ instances: undefined, volumes: out([]) })).toEqual([
      {
        id: 'ec2-hardening:account:not-seen:EC2',
        severity: 'info',
        title: 'Not checked: EC2 instances (the describe step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
  })

  it('an instance in no known state is live', () => {
    expect(ids(run([instance('i-0aa1', { State: undefined, ...imds('optional') })]))).toEqual([
      'ec2-hardening:i-0aa1:imdsv1',
    ])
  })
})
