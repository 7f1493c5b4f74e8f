// How a fleet run ends, from how each target ended: only every target's success is a success.
import { describe, expect, it } from 'vitest'
import type { TargetReport } from '../../src/report/types.js'
import { fleetStatus } from '../../src/services/fleet-run.js'

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
