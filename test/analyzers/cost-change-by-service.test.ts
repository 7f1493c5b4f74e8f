// cost-change-by-service, as the aws-cost-breakdown playbook runs it: costs from aws.ce.get_cost_and_usage
// (us-east-1), min_change_percent (default 20) and min_change_usd (default 10) from the playbook.
import { describe, expect, it } from 'vitest'
import type { ServiceCost } from '../../src/actions/aws/ce-get-cost-and-usage.js'
import { getAnalyzer } from '../../src/analyzers/registry.js'
import { analyzerContext } from '../../src/engine/analyze.js'
import { analysisOf, ids, only, out } from './support.js'

const analysis = await analysisOf('aws-cost-breakdown', 'cost-change-by-service')
const run = (costs: ServiceCost[], params = {}) => analysis.run({ costs: out(costs) }, params)

const period = { start: '2026-11-15', end: '2026-11-22' }
const previous_period = { start: '2026-11-08', end: '2026-11-15' }
const cost = (service: string, previous_usd: number, current_usd: number): ServiceCost => ({
  service,
  current_usd,
  previous_usd,
  unit: 'USD',
  period,
  previous_period,
})
const ec2 = 'Amazon Elastic Compute Cloud - Compute'

describe('cost-change-by-service rates each service', () => {
  it.each([
    { state: '$200 → $420 (+110%) → high', prev: 200, cur: 420, params: {}, severity: 'high', change: 220, pct: 110 },
    {
      state: '$100 → $200 (exactly doubled) → high',
      prev: 100,
      cur: 200,
      params: {},
      severity: 'high',
      change: 100,
      pct: 100,
    },
    {
      state: '$5000 → $6100 (+$1100, +22%) → high',
      prev: 5000,
      cur: 6100,
      params: {},
      severity: 'high',
      change: 1100,
      pct: 22,
    },
    { state: '$0 → $25 (new) → high', prev: 0, cur: 25, params: {}, severity: 'high', change: 25, pct: null },
    { state: '$100 → $150 (+50%) → medium', prev: 100, cur: 150, params: {}, severity: 'medium', change: 50, pct: 50 },
    {
      state: '$30 → $40 (+$10, +33%: both minimums exactly) → medium',
      prev: 30,
      cur: 40,
      params: {},
      severity: 'medium',
      change: 10,
      pct: 33.33,
    },
    {
      state: '$50 → $60 (+20% exactly) → medium',
      prev: 50,
      cur: 60,
      params: {},
      severity: 'medium',
      change: 10,
      pct: 20,
    },
    {
      state: '$100 → $119 (+19%, under the percent minimum) → info',
      prev: 100,
      cur: 119,
      params: {},
      severity: 'info',
      change: 19,
      pct: 19,
    },
    {
      state: '$30 → $39 (+$9, under the dollar minimum) → info',
      prev: 30,
      cur: 39,
      params: {},
      severity: 'info',
      change: 9,
      pct: 30,
    },
    { state: '$0 → $5 (new, under $10) → info', prev: 0, cur: 5, params: {}, severity: 'info', change: 5, pct: null },
    {
      state: '$10000 → $11500 (+$1500 but +15%) → info',
      prev: 10000,
      cur: 11500,
      params: {},
      severity: 'info',
      change: 1500,
      pct: 15,
    },
    {
      state: '$400 → $200 (halved: a decrease) → info',
      prev: 400,
      cur: 200,
      params: {},
      severity: 'info',
      change: -200,
      pct: -50,
    },
    { state: '$40 → $0 (gone) → info', prev: 40, cur: 0, params: {}, severity: 'info', change: -40, pct: -100 },
    { state: 'unchanged → info', prev: 31.5, cur: 31.5, params: {}, severity: 'info', change: 0, pct: 0 },
    {
      state: '$100 → $150 when run with min_change_percent=50 → medium',
      prev: 100,
      cur: 150,
      params: { min_change_percent: 50 },
      severity: 'medium',
      change: 50,
      pct: 50,
    },
    {
      state: '$100 → $149 when run with min_change_percent=50 → info',
      prev: 100,
      cur: 149,
      params: { min_change_percent: 50 },
      severity: 'info',
      change: 49,
      pct: 49,
    },
    {
      state: '$100 → $150 when run with min_change_usd=100 → info',
      prev: 100,
      cur: 150,
      params: { min_change_usd: 100 },
      severity: 'info',
      change: 50,
      pct: 50,
    },
  ])('$state', ({ prev, cur, params, severity, change, pct }) => {
    const findings = run([cost(ec2, prev, cur)], params)
    const id = `cost-change-by-service:${ec2}`
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual({ provider: 'aws', type: 'cost_service', id: ec2 })
    expect(f.evidence).toEqual({
      current_usd: cur,
      previous_usd: prev,
      change_usd: change,
      change_percent: pct,
      period,
      previous_period,
    })
    expect(f.recommendation).toMatch(severity === 'info' ? /No significant change/ : /Cost Explorer/)
  })

  it('marks a new service as new in the title, and a change with its percent', () => {
    const [grew, fresh] = run([cost('AWS Lambda', 0, 25), cost(ec2, 200, 420)]).sort((a, b) => a.id.localeCompare(b.id))
    expect(fresh?.title).toBe('AWS Lambda: $25.00 vs $0.00 the period before (new)')
    expect(grew?.title).toBe(`${ec2}: $420.00 vs $200.00 the period before (+110%)`)
  })

  it('orders services by increase, largest first', () => {
    const findings = run([
      cost('Amazon Simple Storage Service', 30, 31),
      cost(ec2, 200, 420),
      cost('Amazon Relational Database Service', 300, 250),
      cost('AWS Lambda', 0, 25),
    ])
    expect(findings.map((f) => [f.resource.id, f.severity])).toEqual([
      [ec2, 'high'],
      ['AWS Lambda', 'high'],
      ['Amazon Simple Storage Service', 'info'],
      ['Amazon Relational Database Service', 'info'],
    ])
  })

  it('says costs were not seen when the Cost Explorer step failed', () => {
    const findings = analysis.run({ costs: undefined })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['cost-change-by-service:account:not-seen:costs', 'info']])
  })
})

describe('cost-change-by-service says it', () => {
  it.each([
    { prev: 400, cur: 200, trend: ' (-50%)' },
    { prev: 31.5, cur: 31.5, trend: ' (0%)' },
    { prev: 0, cur: 0, trend: '' },
    { prev: 0, cur: 25, trend: ' (new)' },
    { prev: 30, cur: 40, trend: ' (+33.33%)' },
  ])('$prev → $cur: the trend "$trend"', ({ prev, cur, trend }) => {
    const [f] = run([cost('AWS Lambda', prev, cur)])
    expect(f?.title).toBe(`AWS Lambda: $${cur.toFixed(2)} vs $${prev.toFixed(2)} the period before${trend}`)
  })

  it('a credit (negative previous spend) is no percent and not new', () => {
    const [f] = run([cost('AWS Lambda', -20, 30)])
    expect(f).toMatchObject({
      severity: 'high',
      title: 'AWS Lambda: $30.00 vs $-20.00 the period before',
      evidence: { change_usd: 50, change_percent: null },
    })
  })

  it.each([
    { severity: 'info', prev: 30, cur: 31, advice: 'No significant change.' },
    {
      severity: 'medium',
      prev: 100,
      cur: 150,
      advice: 'Open Cost Explorer for this service grouped by usage type and resource to see what grew.',
    },
    {
      severity: 'high',
      prev: 100,
      cur: 300,
      advice: 'Open Cost Explorer for this service grouped by usage type and resource to see what grew.',
    },
  ])('$severity: its advice', ({ severity, prev, cur, advice }) => {
    const [f] = run([cost(ec2, prev, cur)])
    expect(f?.severity).toBe(severity)
    expect(f?.recommendation).toBe(advice)
  })

  it('a significant decrease stays info', () => {
    const [f] = run([cost(ec2, 5000, 100)])
    expect(f?.severity).toBe('info')
  })

  it('a blind spot when the Cost Explorer step failed', () => {
    expect(analysis.run({ costs: undefined })).toEqual([
      {
        id: 'cost-change-by-service:account:not-seen:costs',
        severity: 'info',
        title: 'Not checked: costs (the Cost Explorer step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
  })
})

describe('cost-change-by-service without options (its own defaults: 20 % and $10)', () => {
  const bare = getAnalyzer('cost-change-by-service')
  const rate = (prev: number, cur: number) =>
    bare?.analyze({ costs: out([cost(ec2, prev, cur)]) }, {}, analyzerContext())[0]?.severity
  it.each([
    { prev: 50, cur: 60, severity: 'medium' },
    { prev: 100, cur: 119, severity: 'info' },
    { prev: 30, cur: 39, severity: 'info' },
    { prev: 30, cur: 40, severity: 'medium' },
  ])('$prev → $cur: $severity', ({ prev, cur, severity }) => {
    expect(rate(prev, cur)).toBe(severity)
  })
})

describe('cost-change-by-service options', () => {
  it.each([{ min_change_percent: -1 }, { min_change_usd: -1 }, { min_change_usd: 'ten' }])('refuses %j', (params) => {
    expect(() => run([cost(ec2, 1, 2)], params)).toThrow(/invalid with/)
  })
  it('accepts fractional thresholds', () => {
    expect(() => run([cost(ec2, 1, 2)], { min_change_percent: 2.5, min_change_usd: 0.5 })).not.toThrow()
  })
})

describe('cost-change-by-service at the edges', () => {
  it('exactly +$1000 (only +20%) → high', () => {
    expect(run([cost(ec2, 5000, 6000)])[0]?.severity).toBe('high')
  })
  it('$999.99 more (+20%) → medium', () => {
    expect(run([cost(ec2, 5000, 5999.99)])[0]?.severity).toBe('medium')
  })
  it.each([
    { prev: 0, cur: 0 },
    { prev: 31.5, cur: 31.5 },
  ])('no change ($prev → $cur) stays info even with both minimums at 0', ({ prev, cur }) => {
    const [f] = run([cost(ec2, prev, cur)], { min_change_percent: 0, min_change_usd: 0 })
    expect(f?.severity).toBe('info')
  })
})
