import { describe, expect, it } from 'vitest'
import { resolvePaths } from '../../src/config/paths.js'
import { buildPlan } from '../../src/planner/build.js'
import { resolveEnvironment } from '../../src/planner/environment.js'
import { findPlaybook, loadPlaybooks } from '../../src/planner/load.js'
import { substitute } from '../../src/planner/template.js'
import { builtin } from '../../src/policy/load.js'

const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
const config = { environments: { dev: { aws: { regions: ['us-east-1', 'eu-west-1'] } } } }
const now = new Date('2026-11-22T10:00:00Z')

const planOf = (name: string, params: Record<string, string> = {}, intent: never | null = null) =>
  buildPlan({
    intent,
    question: null,
    playbook: findPlaybook(playbooks, name),
    environment: resolveEnvironment(config, 'dev', {}),
    params,
    policy: builtin(),
    ttlMs: 3_600_000,
    now,
  })

describe('the planner', () => {
  it('ships 17 playbooks that all load and validate', () => {
    expect(playbooks.map((p) => p.playbook.metadata.name)).toHaveLength(17)
  })

  it('expands foreach: region into one step per region, wiring inputs within the region', async () => {
    const plan = await planOf('aws-idle-instances')
    expect(plan.steps.map((s) => s.id)).toEqual([
      'instances@us-east-1',
      'instances@eu-west-1',
      'cpu@us-east-1',
      'cpu@eu-west-1',
      'volumes@us-east-1',
      'volumes@eu-west-1',
    ])
    expect(plan.steps.find((s) => s.id === 'cpu@eu-west-1')).toMatchObject({
      region: 'eu-west-1',
      inputs: ['instances@eu-west-1'],
      optional: true,
      risk: 'read',
    })
    expect(plan.analyze[0]?.inputs.instances).toEqual(['instances@us-east-1', 'instances@eu-west-1'])
  })

  it('the same inputs give the same content hash; a different param gives another', async () => {
    const a = await planOf('aws-cost-breakdown')
    const b = await planOf('aws-cost-breakdown')
    const c = await planOf('aws-cost-breakdown', { days: '30' })
    expect(a.content_sha256).toBe(b.content_sha256)
    expect(a.plan_id).not.toBe(b.plan_id)
    expect(c.content_sha256).not.toBe(a.content_sha256)
    expect(c.steps[0]?.params).toEqual({ days: 30 })
    expect(a.expires_at).toBe('2026-11-22T11:00:00.000Z')
  })

  it('takes params from --param over the intent over the default', async () => {
    const intent = {
      intent_type: 'cost_analysis',
      target: { provider: 'aws', resource_type: 'aws_account_cost', scope: 'dev' },
      goal: 'cost_breakdown',
      time_range: { last: '30d' },
      confidence: 0.9,
    } as never
    expect((await planOf('aws-cost-breakdown', {}, intent)).steps[0]?.params).toEqual({ days: 30 })
    expect((await planOf('aws-cost-breakdown', { days: '3' }, intent)).steps[0]?.params).toEqual({ days: 3 })
  })

  it('rejects an ill-typed or out-of-range param with the fix', async () => {
    await expect(planOf('aws-cost-breakdown', { days: 'many' })).rejects.toThrow(/days must be of type integer/)
    await expect(planOf('aws-cost-breakdown', { days: '9999' })).rejects.toThrow(/days must be ≤ 365/)
  })

  it('an unset namespace param disappears from the step (all namespaces)', async () => {
    const all = await planOf('k8s-crashloop-pods')
    expect(all.steps[0]?.params).toEqual({})
    const one = await planOf('k8s-crashloop-pods', { namespace: 'payments' })
    expect(one.steps[0]?.params).toEqual({ namespace: 'payments' })
  })
})

describe('templates', () => {
  it('substitutes typed values, drops unset ones, and never evaluates anything else', () => {
    expect(substitute({ a: '${params.n}', b: '${params.missing}', c: ['x', '${params.l}'] }, { n: 3, l: 'y' })).toEqual(
      {
        a: 3,
        c: ['x', 'y'],
      },
    )
    expect(substitute('phase=${params.p}', { p: 'Pending' })).toBe('phase=Pending')
    expect(() => substitute('x ${params.none} y', {})).toThrow(/unset/)
  })
})
