// The helpers every analyzer shares (src/analyzers/util.ts) and the severity ladder (src/analyzers/types.ts):
// reading a step's items, saying what could not be seen, and ranking findings most severe first.
import { describe, expect, it } from 'vitest'
import { type Finding, findingSeverities, type Severity } from '../../src/analyzers/types.js'
import { blindSpot, bySeverity, itemsOf, round2 } from '../../src/analyzers/util.js'

const finding = (id: string, severity: Severity): Finding => ({
  id,
  severity,
  title: id,
  resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
  evidence: {},
  recommendation: '',
})

describe('the severity ladder', () => {
  it('runs from most to least severe (what --fail-on and the report rely on)', () => {
    expect(findingSeverities).toEqual(['critical', 'high', 'medium', 'low', 'info'])
  })
})

describe('itemsOf', () => {
  it('a step’s items; none for a step that failed or returned no items', () => {
    expect(itemsOf<number>({ items: [1, 2] })).toEqual([1, 2])
    expect(itemsOf(undefined)).toEqual([])
    expect(itemsOf({ notes: ['empty'] } as never)).toEqual([])
  })
})

describe('blindSpot', () => {
  it('for Kubernetes: the cluster was not seen', () => {
    expect(blindSpot('k8s-pending', 'pods (the list step failed)', 'kubernetes')).toEqual({
      id: 'k8s-pending:cluster:not-seen:pods',
      severity: 'info',
      title: 'Not checked: pods (the list step failed)',
      resource: { provider: 'kubernetes', type: 'cluster', id: 'cluster' },
      evidence: {},
      recommendation: expect.stringMatching(/fix access and run again/),
    })
  })

  it('for AWS: the account was not seen', () => {
    expect(blindSpot('ec2-idle', 'CPU utilization (the CloudWatch step failed)', 'aws')).toMatchObject({
      id: 'ec2-idle:account:not-seen:CPU',
      severity: 'info',
      title: 'Not checked: CPU utilization (the CloudWatch step failed)',
      resource: { provider: 'aws', type: 'account', id: 'account' },
    })
  })
})

describe('bySeverity', () => {
  it('most severe first, then by id', () => {
    const findings = [
      finding('b', 'low'),
      finding('a', 'info'),
      finding('z', 'critical'),
      finding('c', 'medium'),
      finding('b', 'high'),
      finding('a', 'high'),
      finding('a', 'low'),
    ]
    expect([...findings].sort(bySeverity).map((f) => `${f.severity}:${f.id}`)).toEqual([
      'critical:z',
      'high:a',
      'high:b',
      'medium:c',
      'low:a',
      'low:b',
      'info:a',
    ])
  })

  it('the same severity and id compare equal', () => {
    expect(bySeverity(finding('a', 'high'), finding('a', 'high'))).toBe(0)
    expect(bySeverity(finding('a', 'high'), finding('a', 'medium'))).toBeLessThan(0)
    expect(bySeverity(finding('a', 'info'), finding('a', 'low'))).toBeGreaterThan(0)
  })
})

describe('round2', () => {
  it.each([
    [1.236, 1.24],
    [1.234, 1.23],
    [-1.236, -1.24],
    [10, 10],
    [0.005, 0.01],
  ])('%d → %d', (n, want) => {
    expect(round2(n)).toBe(want)
  })
})
