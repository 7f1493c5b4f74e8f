// ebs-unattached, as the aws-unattached-volumes playbook runs it: volumes from aws.ec2.describe_volumes in every
// region (status [available]), min_size_gib from the playbook (default 0). Prices from data/ebs-prices.json.
import { describe, expect, it } from 'vitest'
import { monthlyCost } from '../../src/analyzers/ebs-prices.js'
import { analyzerContext } from '../../src/engine/analyze.js'
import { analysisOf, ids, only, out, type Vol, volume } from './support.js'

const analysis = await analysisOf('aws-unattached-volumes', 'ebs-unattached')
const run = (volumes: Vol[], params = {}) => analysis.run({ volumes: out(volumes) }, params)
const available = (id: string, over: Partial<Vol> = {}) => volume(id, { State: 'available', Attachments: [], ...over })

describe('ebs-unattached flags available volumes, priced', () => {
  it.each([
    { state: '10 GiB gp3 → low, $0.80', v: available('vol-0a1', { Size: 10 }), severity: 'low', monthly: 0.8 },
    {
      state: '100 GiB io1 with 3000 IOPS → medium, $207.50 (size + IOPS)',
      v: available('vol-0a1', { VolumeType: 'io1', Iops: 3000, Throughput: undefined }),
      severity: 'medium',
      monthly: 207.5,
    },
    {
      state: '100 GiB gp3 with 6000 IOPS and 250 MiB/s → low, $28 (baseline free)',
      v: available('vol-0a1', { Iops: 6000, Throughput: 250 }),
      severity: 'low',
      monthly: 28,
    },
    {
      state: '1000 GiB gp2 → medium at exactly $100',
      v: available('vol-0a1', { Size: 1000, VolumeType: 'gp2', Iops: 3000 }),
      severity: 'medium',
      monthly: 100,
    },
    {
      state: '999 GiB gp2 → low at $99.90',
      v: available('vol-0a1', { Size: 999, VolumeType: 'gp2', Iops: 2997 }),
      severity: 'low',
      monthly: 99.9,
    },
    {
      state: '500 GiB sc1 → low, $7.50',
      v: available('vol-0a1', { Size: 500, VolumeType: 'sc1', Iops: undefined }),
      severity: 'low',
      monthly: 7.5,
    },
  ])('$state', ({ v, severity, monthly }) => {
    const findings = run([v])
    expect(ids(findings)).toEqual(['ebs-unattached:vol-0a1'])
    const f = only(findings, 'ebs-unattached:vol-0a1')
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual({ provider: 'aws', type: 'ebs_volume', id: 'vol-0a1', region: 'us-east-1' })
    expect(f.evidence).toMatchObject({
      size_gib: v.Size,
      volume_type: v.VolumeType,
      iops: v.Iops,
      monthly_usd: monthly,
    })
  })

  it('records creation time and tags, and the region of each volume', () => {
    const findings = analysis.run({
      volumes: {
        'us-east-1': out([
          available('vol-0a1', {
            Tags: [
              { Key: 'Name', Value: 'old-db' },
              { Key: 'team', Value: 'data' },
            ],
          }),
        ]),
        'eu-west-1': out([available('vol-0b2', { Region: 'eu-west-1', AvailabilityZone: 'eu-west-1a' })]),
      },
    })
    expect(findings.map((f) => [f.id, f.resource.region])).toEqual([
      ['ebs-unattached:vol-0a1', 'us-east-1'],
      ['ebs-unattached:vol-0b2', 'eu-west-1'],
    ])
    expect(findings[0]?.evidence).toMatchObject({
      created: '2026-02-01T12:00:00.000Z',
      tags: { Name: 'old-db', team: 'data' },
    })
  })

  it('flags a volume exactly at min_size_gib', () => {
    expect(ids(run([available('vol-0a1', { Size: 50 })], { min_size_gib: 50 }))).toEqual(['ebs-unattached:vol-0a1'])
  })
})

describe('ebs-unattached does not flag (next to an available volume it does)', () => {
  const control = available('vol-control', { Size: 500 })
  it.each([
    {
      state: 'an attached (in-use) volume',
      v: volume('vol-1', {
        State: 'in-use',
        Attachments: [{ InstanceId: 'i-0abc', Device: '/dev/xvda', State: 'attached', VolumeId: 'vol-1' }],
      }),
      params: {},
    },
    { state: 'a volume still being created', v: volume('vol-1', { State: 'creating' }), params: {} },
    { state: 'a volume being deleted', v: volume('vol-1', { State: 'deleting' }), params: {} },
    {
      state: 'an available volume smaller than min_size_gib',
      v: available('vol-1', { Size: 49 }),
      params: { min_size_gib: 50 },
    },
  ])('$state', ({ v, params }) => {
    expect(ids(run([control, v], params))).toEqual(['ebs-unattached:vol-control'])
  })
})

describe('ebs-unattached when volumes could not be described', () => {
  it('says so (info)', () => {
    const findings = analysis.run({ volumes: { 'us-east-1': undefined } })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['ebs-unattached:account:not-seen:EBS', 'info']])
  })
})

describe('ebs-unattached says it', () => {
  it('what the volume is, what it costs, and what to do', () => {
    const v = available('vol-0a1', { Size: 10, Tags: [{ Key: 'Name', Value: 'scratch' }] })
    expect(run([v])).toEqual([
      {
        id: 'ebs-unattached:vol-0a1',
        severity: 'low',
        title: 'vol-0a1 (10 GiB gp3) is attached to nothing: about $0.80/month',
        resource: { provider: 'aws', type: 'ebs_volume', id: 'vol-0a1', region: 'us-east-1' },
        evidence: {
          size_gib: 10,
          volume_type: 'gp3',
          iops: 3000,
          created: '2026-02-01T12:00:00.000Z',
          monthly_usd: 0.8,
          tags: { Name: 'scratch' },
        },
        recommendation: 'Snapshot it if the data matters, then delete it; or attach it where it is needed.',
      },
    ])
  })

  it('a volume with no size, type, tags or creation time reported', () => {
    const v: Vol = { VolumeId: 'vol-0a1', State: 'available' }
    const [f] = run([v])
    expect(f?.title).toMatch(/^vol-0a1 .* is attached to nothing: about \$0\.00\/month$/)
    expect(f?.evidence).toStrictEqual({
      size_gib: undefined,
      volume_type: undefined,
      iops: undefined,
      created: undefined,
      monthly_usd: 0,
      tags: {},
    })
    expect(f?.resource.id).toBe('vol-0a1')
  })

  it('a volume with no id: its resource has an empty id', () => {
    expect(run([{ State: 'available', Size: 1 }])[0]?.resource.id).toBe('')
  })

  it('a volume with no size is under any min_size_gib above 0', () => {
    const v: Vol = { VolumeId: 'vol-0a1', State: 'available' }
    expect(run([v], { min_size_gib: 1 })).toEqual([])
  })

  it('a blind spot when volumes could not be described', () => {
    expect(analysis.run({ volumes: undefined })).toEqual([
      {
        id: 'ebs-unattached:account:not-seen:EBS',
        severity: 'info',
        title: 'Not checked: EBS volumes (the describe step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
  })

  it.each([{ min_size_gib: -1 }, { min_size_gib: 1.5 }])('refuses options %j', (params) => {
    expect(() => run([], params)).toThrow(/invalid with/)
  })
})

describe('EBS monthly list prices', () => {
  const prices = analyzerContext().ebsPrices
  it.each([
    { state: 'no type: priced as gp2', v: { Size: 10 }, usd: 1 },
    { state: 'an unknown type: priced as gp2', v: { VolumeType: 'future9', Size: 10 }, usd: 1 },
    { state: 'no size: nothing', v: { VolumeType: 'gp3' }, usd: 0 },
    { state: 'io2 with 1000 IOPS', v: { VolumeType: 'io2', Size: 100, Iops: 1000 }, usd: 77.5 },
    { state: 'io1 with no IOPS reported', v: { VolumeType: 'io1', Size: 100 }, usd: 12.5 },
    { state: 'gp3 with no IOPS or throughput reported: baseline', v: { VolumeType: 'gp3', Size: 100 }, usd: 8 },
    { state: 'gp3 at 3001 IOPS', v: { VolumeType: 'gp3', Size: 100, Iops: 3001, Throughput: 125 }, usd: 8.01 },
    { state: 'gp3 at 126 MiB/s', v: { VolumeType: 'gp3', Size: 100, Iops: 3000, Throughput: 126 }, usd: 8.04 },
    { state: 'gp2 ignores IOPS', v: { VolumeType: 'gp2', Size: 100, Iops: 9000, Throughput: 250 }, usd: 10 },
    { state: 'st1', v: { VolumeType: 'st1', Size: 500 }, usd: 22.5 },
  ])('$state → $$usd', ({ v, usd }) => {
    expect(monthlyCost(prices, v)).toBe(usd)
  })

  it('a price table missing a type’s rates: gp2 for the size, nothing for IOPS or throughput', () => {
    const thin = { gib_month: { gp2: 0.1 }, iops_month: {}, throughput_mibps_month: {} }
    expect(monthlyCost(thin, { VolumeType: 'io2', Size: 10, Iops: 1000 })).toBe(1)
    expect(monthlyCost(thin, { VolumeType: 'gp3', Size: 10, Iops: 6000, Throughput: 500 })).toBe(1)
    expect(monthlyCost({ ...thin, gib_month: {} }, { VolumeType: 'gp3', Size: 10 })).toBe(0)
  })

  it('bills provisioned IOPS for io1 and io2 only, whatever rates the table lists', () => {
    const wide = {
      gib_month: { gp2: 0.1, st1: 0.05 },
      iops_month: { gp2: 1, st1: 1, io2: 0.5 },
      throughput_mibps_month: {},
    }
    expect(monthlyCost(wide, { VolumeType: 'gp2', Size: 10, Iops: 300 })).toBe(1)
    expect(monthlyCost(wide, { VolumeType: 'st1', Size: 10, Iops: 300 })).toBe(0.5)
    expect(monthlyCost(wide, { VolumeType: 'io2', Size: 10, Iops: 300 })).toBe(151)
  })
})
