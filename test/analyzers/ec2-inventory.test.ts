// ec2-inventory, as the aws-instance-inventory playbook runs it: instances from aws.ec2.describe_instances in every
// region (all states). An inventory: one info finding per instance, never anything more severe.
import { describe, expect, it } from 'vitest'
import { analysisOf, type Inst, ids, instance, only, out } from './support.js'

const analysis = await analysisOf('aws-instance-inventory', 'ec2-inventory')
const run = (instances: Inst[]) => analysis.run({ instances: out(instances) })

describe('ec2-inventory lists', () => {
  it.each([
    {
      state: 'a running, tagged instance, named in the title',
      i: instance('i-0aa1', {
        InstanceType: 'm5.large',
        Tags: [
          { Key: 'Name', Value: 'batch' },
          { Key: 'team', Value: 'data' },
        ],
      }),
      title: 'i-0aa1 (batch): m5.large, running in us-east-1',
      evidence: {
        instance_type: 'm5.large',
        state: 'running',
        launch_time: '2026-01-15T08:30:00.000Z',
        availability_zone: 'us-east-1a',
        private_ip: '10.0.1.15',
        tags: { Name: 'batch', team: 'data' },
      },
    },
    {
      state: 'an untagged stopped instance',
      i: instance('i-0aa1', { State: { Code: 80, Name: 'stopped' }, Tags: undefined }),
      title: 'i-0aa1: t3.micro, stopped in us-east-1',
      evidence: { state: 'stopped', tags: {} },
    },
    {
      state: 'an instance that would be flagged elsewhere (IMDSv1, public IP) — still only info',
      i: instance('i-0aa1', {
        PublicIpAddress: '54.1.2.3',
        MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
      }),
      title: 'i-0aa1: t3.micro, running in us-east-1',
      evidence: { state: 'running' },
    },
  ])('$state', ({ i, title, evidence }) => {
    const findings = run([i])
    expect(ids(findings)).toEqual(['ec2-inventory:i-0aa1'])
    const f = only(findings, 'ec2-inventory:i-0aa1')
    expect(f.severity).toBe('info')
    expect(f.title).toBe(title)
    expect(f.resource).toEqual({ provider: 'aws', type: 'ec2_instance', id: 'i-0aa1', region: 'us-east-1' })
    expect(f.evidence).toMatchObject(evidence)
  })

  it('lists every instance of every region, each with its region', () => {
    const findings = analysis.run({
      instances: {
        'us-east-1': out([instance('i-0aa1'), instance('i-0aa2', { State: { Code: 48, Name: 'terminated' } })]),
        'eu-west-1': out([instance('i-0bb1', { Region: 'eu-west-1', Placement: { AvailabilityZone: 'eu-west-1b' } })]),
      },
    })
    expect(findings.map((f) => [f.id, f.severity, f.resource.region, f.evidence.state])).toEqual([
      ['ec2-inventory:i-0aa1', 'info', 'us-east-1', 'running'],
      ['ec2-inventory:i-0aa2', 'info', 'us-east-1', 'terminated'],
      ['ec2-inventory:i-0bb1', 'info', 'eu-west-1', 'running'],
    ])
  })

  it('lists nothing for an account with no instances', () => {
    expect(run([])).toEqual([])
  })

  it('says instances were not seen when the describe step failed', () => {
    const findings = analysis.run({ instances: { 'us-east-1': undefined } })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['ec2-inventory:account:not-seen:EC2', 'info']])
  })
})

describe('ec2-inventory says it', () => {
  it('the whole finding: nothing to do', () => {
    expect(run([instance('i-0aa1')])).toEqual([
      {
        id: 'ec2-inventory:i-0aa1',
        severity: 'info',
        title: 'i-0aa1: t3.micro, running in us-east-1',
        resource: { provider: 'aws', type: 'ec2_instance', id: 'i-0aa1', region: 'us-east-1' },
        evidence: {
          instance_type: 't3.micro',
          state: 'running',
          launch_time: '2026-01-15T08:30:00.000Z',
          availability_zone: 'us-east-1a',
          private_ip: '10.0.1.15',
          tags: {},
        },
        recommendation: 'Inventory only: nothing to do.',
      },
    ])
  })

  it('an instance with little reported: no state, placement, launch time; tags without keys or values', () => {
    const i = instance('i-0aa1', {
      State: undefined,
      Placement: undefined,
      LaunchTime: undefined,
      Tags: [{ Key: 'team' }, { Value: 'orphan' }],
    })
    const [f] = run([i])
    expect(f?.evidence).toEqual({
      instance_type: 't3.micro',
      state: undefined,
      launch_time: undefined,
      availability_zone: undefined,
      private_ip: '10.0.1.15',
      tags: { team: '', '': 'orphan' },
    })
  })

  it('an instance with no tags listed has no tags', () => {
    expect(run([instance('i-0aa1', { Tags: undefined })])[0]?.evidence.tags).toStrictEqual({})
  })

  it('an instance with no id: its resource has an empty id', () => {
    expect(run([instance('i-0aa1', { InstanceId: undefined })])[0]?.resource.id).toBe('')
  })

  it('a blind spot when the describe step failed', () => {
    expect(analysis.run({ instances: undefined })).toEqual([
      {
        id: 'ec2-inventory:account:not-seen:EC2',
        severity: 'info',
        title: 'Not checked: EC2 instances (the describe step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
  })
})
