// How a fleet run ends, from how each target ended: only every target's success is a success.
import { describe, expect, it } from 'vitest'
import type { Plan } from '../../src/planner/types.js'
import type { TargetReport } from '../../src/report/types.js'
import { fleetStatus, targetReports } from '../../src/services/fleet-run.js'

const target = (status: TargetReport['status']): TargetReport => ({
  id: status,
  env: 'e',
  account: null,
  region: null,
  context: null,
  status,
})

describe('fleetStatus', () => {
  it.each([
    [['succeeded', 'succeeded'], 'succeeded'],
    [['succeeded', 'failed'], 'partial'],
    [['succeeded', 'denied'], 'partial'],
    [['partial', 'failed'], 'partial'],
    [['failed', 'denied'], 'failed'],
    [['failed', 'failed'], 'failed'],
    [['denied', 'denied'], 'denied'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(fleetStatus(statuses.map(target))).toBe(expected)
  })
})

describe('targetReports: who each target was', () => {
  const target = (id: string, environment: Plan['environment']) => ({ id, env: 'prod', environment })
  const plan = {
    targets: [
      target('prod/a', { name: 'prod', resolved: true, kubernetes: { context: 'ca' } }),
      target('prod/b', { name: 'prod', resolved: true, kubernetes: { context: 'cb' } }),
      target('prod/p1', { name: 'prod', resolved: true, aws: { profile: 'p1', regions: ['us-east-1'] } }),
      target('prod/default', { name: 'prod', resolved: true, aws: { regions: ['us-east-1'] } }),
    ],
    steps: [],
  } as unknown as Plan
  const identities = [
    { where: { context: 'ca' }, fields: { kube_user: 'user-a' } },
    { where: { context: 'cb' }, fields: { kube_user: 'user-b' } },
    { where: { profile: 'p1' }, fields: { aws_arn: 'arn:aws:iam::1:user/one' } },
    { where: { profile: '' }, fields: { aws_arn: 'arn:aws:iam::2:user/default' } },
  ]
  it("gives each target its own context's user and its own profile's ARN, never another's", () => {
    const reports = targetReports(plan, [], { identities, status: 'succeeded' })
    expect(reports.map((t) => [t.id, t.kube_user ?? null, t.aws_arn ?? null])).toEqual([
      ['prod/a', 'user-a', null],
      ['prod/b', 'user-b', null],
      ['prod/p1', null, 'arn:aws:iam::1:user/one'],
      ['prod/default', null, 'arn:aws:iam::2:user/default'],
    ])
  })
})
