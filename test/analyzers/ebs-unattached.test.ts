// ebs-unattached, as the aws-unattached-volumes playbook runs it: volumes from aws.ec2.describe_volumes in every
// region (status [available]), min_size_gib from the playbook (default 0). Prices from data/ebs-prices.json.
import { describe, expect, it } from 'vitest'
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
