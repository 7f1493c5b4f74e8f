// ec2-idle, as the aws-idle-instances playbook runs it: instances (states running, stopped), hourly CPU from
// aws.cloudwatch.get_cpu_utilization (optional) and volumes (optional), all in every region;
// cpu_threshold_percent (default 5) and min_days (= days, default 14) from the playbook.
import { describe, expect, it } from 'vitest'
import type { CpuSeries } from '../../src/actions/aws/cloudwatch-get-cpu-utilization.js'
import { getAnalyzer } from '../../src/analyzers/registry.js'
import { analyzerContext } from '../../src/engine/analyze.js'
import { analysisOf, type Inst, ids, instance, only, out, type Vol, volume } from './support.js'

const analysis = await analysisOf('aws-idle-instances', 'ec2-idle')
const run = (instances: Inst[], cpu: CpuSeries[] | undefined, volumes: Vol[] | null = [], params = {}) =>
  analysis.run(
    { instances: out(instances), cpu: cpu ? out(cpu) : undefined, volumes: volumes ? out(volumes) : undefined },
    params,
  )

const series = (id: string, average: number | null, datapoints = 336, maximum: number | null = 40): CpuSeries => ({
  InstanceId: id,
  Region: 'us-east-1',
  datapoints,
  average,
  maximum: average === null ? null : maximum,
})
const stopped = (id: string, volumeIds: string[]) =>
  instance(id, {
    State: { Code: 80, Name: 'stopped' },
    BlockDeviceMappings: volumeIds.map((v, n) => ({
      DeviceName: n ? `/dev/sd${'fgh'[n - 1]}` : '/dev/xvda',
      Ebs: { VolumeId: v, Status: 'attached', DeleteOnTermination: true },
    })),
  })
const resource = (id: string) => ({ provider: 'aws', type: 'ec2_instance', id, region: 'us-east-1' })

describe('ec2-idle flags', () => {
  it.each([
    {
      state: 'a running instance averaging 1.5% CPU over 14 days → medium',
      i: instance('i-0aa1', { InstanceType: 'm5.large' }),
      cpu: [series('i-0aa1', 1.5, 336, 12)],
      volumes: [],
      params: {},
      id: 'ec2-idle:i-0aa1',
      severity: 'medium',
      evidence: {
        average_cpu_percent: 1.5,
        maximum_cpu_percent: 12,
        datapoints: 336,
        days: 14,
        instance_type: 'm5.large',
        threshold_percent: 5,
      },
    },
    {
      state: 'average 4.99% (just under the default 5%) → medium',
      i: instance('i-0aa1'),
      cpu: [series('i-0aa1', 4.99)],
      volumes: [],
      params: {},
      id: 'ec2-idle:i-0aa1',
      severity: 'medium',
      evidence: { average_cpu_percent: 4.99, threshold_percent: 5 },
    },
    {
      state: 'average 8% when run with cpu_threshold_percent=10 and days=7',
      i: instance('i-0aa1'),
      cpu: [series('i-0aa1', 8, 168)],
      volumes: [],
      params: { cpu_threshold_percent: 10, days: 7 },
      id: 'ec2-idle:i-0aa1',
      severity: 'medium',
      evidence: { average_cpu_percent: 8, threshold_percent: 10, days: 7, datapoints: 168 },
    },
    {
      state: 'exactly 24 hourly datapoints (a day) is enough to judge',
      i: instance('i-0aa1'),
      cpu: [series('i-0aa1', 2, 24)],
      volumes: [],
      params: {},
      id: 'ec2-idle:i-0aa1',
      severity: 'medium',
      evidence: { datapoints: 24 },
    },
    {
      state: '23 datapoints → insufficient data (info)',
      i: instance('i-0aa1'),
      cpu: [series('i-0aa1', 0.5, 23)],
      volumes: [],
      params: {},
      id: 'ec2-idle:i-0aa1:insufficient-data',
      severity: 'info',
      evidence: { datapoints: 23, needed: 24, instance_type: 't3.micro' },
    },
    {
      state: 'a running instance CloudWatch has no series for → insufficient data (info)',
      i: instance('i-0aa1'),
      cpu: [],
      volumes: [],
      params: {},
      id: 'ec2-idle:i-0aa1:insufficient-data',
      severity: 'info',
      evidence: { datapoints: 0, needed: 24 },
    },
    {
      state: 'a stopped instance with its volumes → low, with their monthly cost',
      i: stopped('i-0aa1', ['vol-0a', 'vol-0b']),
      cpu: [],
      volumes: [volume('vol-0a', { Size: 100 }), volume('vol-0b', { Size: 50, VolumeType: 'gp2', Iops: 150 })],
      params: {},
      id: 'ec2-idle:i-0aa1:stopped',
      // 100 GiB gp3 at baseline IOPS/throughput ($8) + 50 GiB gp2 ($5)
      severity: 'low',
      evidence: { state: 'stopped', volume_ids: ['vol-0a', 'vol-0b'], monthly_usd: 13 },
    },
    {
      state: 'a stopped instance whose volumes were not described → low, no cost',
      i: stopped('i-0aa1', ['vol-0a']),
      cpu: [],
      volumes: [],
      params: {},
      id: 'ec2-idle:i-0aa1:stopped',
      severity: 'low',
      evidence: { state: 'stopped', volume_ids: ['vol-0a'], monthly_usd: undefined },
    },
  ])('$state', ({ i, cpu, volumes, params, id, severity, evidence }) => {
    const findings = run([i], cpu, volumes, params)
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual(resource('i-0aa1'))
    expect(f.evidence).toMatchObject(evidence)
  })

  it('matches CPU series to instances across regions', () => {
    const west = instance('i-0bb2', { Region: 'eu-west-1' })
    const findings = analysis.run({
      instances: { 'us-east-1': out([instance('i-0aa1')]), 'eu-west-1': out([west]) },
      cpu: {
        'us-east-1': out([series('i-0aa1', 55)]),
        'eu-west-1': out([{ ...series('i-0bb2', 0.7), Region: 'eu-west-1' }]),
      },
      volumes: { 'us-east-1': out([]), 'eu-west-1': out([]) },
    })
    expect(findings.map((f) => [f.id, f.resource.region])).toEqual([['ec2-idle:i-0bb2', 'eu-west-1']])
  })
})

describe('ec2-idle does not flag (next to an idle instance it does)', () => {
  const control = instance('i-control')
  const controlCpu = series('i-control', 1)
  it.each([
    { state: 'a busy instance (60%)', i: instance('i-1'), cpu: [series('i-1', 60)], params: {} },
    { state: 'average 5.01%, just above the 5% threshold', i: instance('i-1'), cpu: [series('i-1', 5.01)], params: {} },
    { state: 'average exactly at the threshold (5%)', i: instance('i-1'), cpu: [series('i-1', 5)], params: {} },
    {
      state: 'average 8% when run with cpu_threshold_percent=8',
      i: instance('i-1'),
      cpu: [series('i-1', 8)],
      params: { cpu_threshold_percent: 8 },
    },
    {
      state: 'a pending instance (neither running nor stopped)',
      i: instance('i-1', { State: { Code: 0, Name: 'pending' } }),
      cpu: [],
      params: {},
    },
    {
      state: 'a stopping instance',
      i: instance('i-1', { State: { Code: 64, Name: 'stopping' } }),
      cpu: [series('i-1', 0.1)],
      params: {},
    },
  ])('$state', ({ i, cpu, params }) => {
    expect(ids(run([control, i], [controlCpu, ...cpu], [], params))).toEqual(['ec2-idle:i-control'])
  })
})

describe('ec2-idle with a step failed', () => {
  it('says CPU was not seen and judges no running instance when the CloudWatch step failed, but still names stopped ones', () => {
    const findings = run([instance('i-0aa1'), stopped('i-0bb2', [])], undefined)
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['ec2-idle:account:not-seen:CPU', 'info'],
      ['ec2-idle:i-0bb2:stopped', 'low'],
    ])
  })

  it('says instances were not seen when they could not be described', () => {
    const findings = analysis.run({ instances: { 'us-east-1': undefined }, cpu: out([]), volumes: out([]) })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['ec2-idle:account:not-seen:EC2', 'info']])
  })
})

describe('ec2-idle says it', () => {
  it('idle: the type, the average and the peak, and what to do', () => {
    const [f] = run([instance('i-0aa1', { InstanceType: 'm5.large' })], [series('i-0aa1', 1.5, 336, 12)])
    expect(f).toEqual({
      id: 'ec2-idle:i-0aa1',
      severity: 'medium',
      title: 'i-0aa1 (m5.large) averages 1.5% CPU (max 12%)',
      resource: resource('i-0aa1'),
      evidence: {
        average_cpu_percent: 1.5,
        maximum_cpu_percent: 12,
        datapoints: 336,
        days: 14,
        instance_type: 'm5.large',
        threshold_percent: 5,
      },
      recommendation: 'Downsize it (or a burstable type), schedule it off outside working hours, or retire it.',
    })
  })

  it.each([
    { state: 'too few datapoints', cpu: [series('i-0aa1', 0.5, 23)], datapoints: 23 },
    { state: 'no series', cpu: [], datapoints: 0 },
    { state: 'a day of datapoints but no average', cpu: [series('i-0aa1', null, 48)], datapoints: 48 },
  ])('insufficient history ($state): how many datapoints it had, and when to look again', ({ cpu, datapoints }) => {
    expect(run([instance('i-0aa1')], cpu)).toEqual([
      {
        id: 'ec2-idle:i-0aa1:insufficient-data',
        severity: 'info',
        title: `i-0aa1: insufficient CPU history to judge (${datapoints} hourly datapoints)`,
        resource: resource('i-0aa1'),
        evidence: { datapoints, needed: 24, instance_type: 't3.micro' },
        recommendation: 'Check again once CloudWatch holds at least a day of CPUUtilization for it.',
      },
    ])
  })

  it('stopped: how many volumes it keeps and what the known ones cost', () => {
    const i = stopped('i-0aa1', ['vol-0a', 'vol-0b'])
    const [f] = run([i], [], [volume('vol-0a', { Size: 100 })])
    expect(f).toEqual({
      id: 'ec2-idle:i-0aa1:stopped',
      severity: 'low',
      title: 'i-0aa1 is stopped but keeps 2 EBS volume(s) (about $8/month)',
      resource: resource('i-0aa1'),
      evidence: { state: 'stopped', volume_ids: ['vol-0a', 'vol-0b'], monthly_usd: 8 },
      recommendation: 'If it is not coming back, snapshot and delete its volumes, or terminate it.',
    })
  })

  it('stopped with volumes it cannot price, or none at all: no amount', () => {
    const noEbs = instance('i-0bb2', {
      State: { Code: 80, Name: 'stopped' },
      BlockDeviceMappings: [{ DeviceName: '/dev/sdb' }],
    })
    const none = instance('i-0cc3', { State: { Code: 80, Name: 'stopped' }, BlockDeviceMappings: undefined })
    const findings = run([stopped('i-0aa1', ['vol-0a']), noEbs, none], [], null)
    expect(findings.map((f) => [f.title, f.evidence.volume_ids, f.evidence.monthly_usd])).toEqual([
      ['i-0aa1 is stopped but keeps 1 EBS volume(s)', ['vol-0a'], undefined],
      ['i-0bb2 is stopped but keeps 0 EBS volume(s)', [], undefined],
      ['i-0cc3 is stopped but keeps 0 EBS volume(s)', [], undefined],
    ])
  })

  it('sums the cost of several volumes to the cent', () => {
    const i = stopped('i-0aa1', ['vol-0a', 'vol-0b', 'vol-0c'])
    const vols = [
      volume('vol-0a', { Size: 33, VolumeType: 'gp2' }),
      volume('vol-0b', { Size: 7, VolumeType: 'st1' }),
      volume('vol-0c', { Size: 1 }),
    ]
    // 3.30 + 0.315 (0.32) + 0.08
    expect(run([i], [], vols)[0]?.evidence.monthly_usd).toBe(3.7)
  })

  it('blind spots say what was not seen', () => {
    expect(run([], undefined)).toEqual([
      {
        id: 'ec2-idle:account:not-seen:CPU',
        severity: 'info',
        title: 'Not checked: CPU utilization (the CloudWatch step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
    expect(analysis.run({ instances: undefined, cpu: out([]), volumes: out([]) })).toEqual([
      {
        id: 'ec2-idle:account:not-seen:EC2',
        severity: 'info',
        title: 'Not checked: EC2 instances (the describe step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
  })

  it('does not take another instance’s series', () => {
    const findings = run([instance('i-0aa1')], [series('i-0zz9', 1)])
    expect(ids(findings)).toEqual(['ec2-idle:i-0aa1:insufficient-data'])
  })

  it('a running instance with no id: takes no series, and its resource has an empty id', () => {
    const findings = run([instance('i-0aa1', { InstanceId: undefined })], [series('i-0aa1', 1)])
    expect(findings.map((f) => [f.severity, f.resource.id])).toEqual([['info', '']])
  })
})

describe('ec2-idle without options (as aws-diagnose runs it): 5 % threshold', () => {
  const bare = getAnalyzer('ec2-idle')
  const judge = (average: number) =>
    bare?.analyze(
      { instances: out([instance('i-0aa1')]), cpu: out([series('i-0aa1', average)]), volumes: out([]) },
      {},
      analyzerContext(),
    )
  it('4.9 % is idle, 5 % is not; no days said', () => {
    expect(judge(4.9)?.map((f) => [f.id, f.evidence.threshold_percent, f.evidence.days])).toEqual([
      ['ec2-idle:i-0aa1', 5, undefined],
    ])
    expect(judge(5)).toEqual([])
  })
})

describe('ec2-idle options', () => {
  it.each([{ cpu_threshold_percent: 101 }, { cpu_threshold_percent: -1 }, { days: 1.5 }])('refuses %j', (params) => {
    expect(() => run([], [], [], params)).toThrow(/invalid with/)
  })
  it('accepts a fractional threshold', () => {
    expect(() => run([], [], [], { cpu_threshold_percent: 2.5 })).not.toThrow()
  })
})
