import { describe, expect, it } from 'vitest'
import { builtinPolicy } from '../../src/policy/builtin.js'
import { decideStep, evaluatePolicy, type PolicyStep, stepResources } from '../../src/policy/evaluate.js'
import type { Policy, PolicyRule } from '../../src/policy/types.js'

const step = (over: Partial<PolicyStep> = {}): PolicyStep => ({
  id: 's1',
  provider: 'aws',
  action: 'aws.ec2.describe_instances',
  risk: 'read',
  ...over,
})
const policy = (rules: PolicyRule[], over: Partial<Policy> = {}): Policy => ({
  version: 1,
  read_only: false,
  default: 'require_approval',
  rules,
  ...over,
})

describe('evaluatePolicy', () => {
  it('uses the default when no rule matches', () => {
    expect(decideStep(policy([]), step(), 'dev')).toMatchObject({ effect: 'require_approval', rules: ['default'] })
    expect(decideStep(policy([], { default: 'allow' }), step(), 'dev').effect).toBe('allow')
  })

  it.each(['allow', 'require_approval', 'deny'] as const)('applies a matching %s rule', (effect) => {
    const d = decideStep(policy([{ id: 'r', effect, match: { risk: ['read'] }, reason: 'because' }]), step(), 'dev')
    expect(d).toEqual({ step: 's1', effect, rules: ['r'], reason: 'because' })
  })

  it('lets the most restrictive matching effect win, naming only the winning rules', () => {
    const rules: PolicyRule[] = [
      { id: 'a', effect: 'allow', match: { risk: ['read'] } },
      { id: 'b', effect: 'require_approval', match: { provider: ['aws'] } },
      { id: 'c', effect: 'require_approval', match: { env: ['prod'] } },
    ]
    expect(decideStep(policy(rules), step(), 'prod')).toMatchObject({ effect: 'require_approval', rules: ['b', 'c'] })
    rules.push({ id: 'd', effect: 'deny', match: { action: ['aws.ec2.*'] } })
    expect(decideStep(policy(rules), step(), 'prod')).toMatchObject({ effect: 'deny', rules: ['d'] })
  })

  it('read_only denies a non-read step even when a rule allows it', () => {
    const p = policy([{ id: 'allow-all', effect: 'allow', match: { provider: ['aws'] } }], { read_only: true })
    expect(decideStep(p, step({ risk: 'write' }), 'dev')).toMatchObject({ effect: 'deny', rules: ['read_only'] })
    expect(decideStep(p, step({ risk: 'delete' }), 'dev').effect).toBe('deny')
    expect(decideStep(p, step({ risk: 'read' }), 'dev')).toMatchObject({ effect: 'allow', rules: ['allow-all'] })
  })

  describe('each match key (AND across keys, OR within a list)', () => {
    const cases: [string, PolicyRule['match'], Partial<PolicyStep>, string, boolean][] = [
      ['env hit', { env: ['prod', 'staging'] }, {}, 'staging', true],
      ['env miss', { env: ['prod'] }, {}, 'dev', false],
      ['env glob', { env: ['prod-*'] }, {}, 'prod-eu', true],
      ['provider hit', { provider: ['kubernetes'] }, { provider: 'kubernetes' }, 'dev', true],
      ['provider miss', { provider: ['kubernetes'] }, {}, 'dev', false],
      ['action glob', { action: ['aws.ec2.describe_*'] }, {}, 'dev', true],
      ['action glob ?', { action: ['aws.ec?.describe_instances'] }, {}, 'dev', true],
      ['action miss', { action: ['k8s.*'] }, {}, 'dev', false],
      ['action is anchored', { action: ['ec2.*'] }, {}, 'dev', false],
      ['risk hit', { risk: ['write', 'delete'] }, { risk: 'delete' }, 'dev', true],
      ['risk miss', { risk: ['write'] }, {}, 'dev', false],
      ['resource hit', { resource: ['namespace/pay*'] }, { resources: ['namespace/payments'] }, 'dev', true],
      ['resource miss', { resource: ['sg-*'] }, { resources: ['namespace/payments'] }, 'dev', false],
      ['resource absent from step', { resource: ['*'] }, {}, 'dev', false],
      ['AND: all keys match', { env: ['prod'], risk: ['read'], provider: ['aws'] }, {}, 'prod', true],
      ['AND: one key fails', { env: ['prod'], risk: ['write'] }, {}, 'prod', false],
    ]
    it.each(cases)('%s', (_name, match, over, env, expected) => {
      const d = decideStep(policy([{ id: 'r', effect: 'deny', match }], { default: 'allow' }), step(over), env)
      expect(d.effect === 'deny').toBe(expected)
    })
  })

  it('never changes a decision when the rules are shuffled (property, seeded)', () => {
    let seed = 42
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T
    const effects = ['allow', 'require_approval', 'deny'] as const
    const envs = ['prod', 'staging', 'dev']
    const actions = ['aws.ec2.describe_instances', 'aws.ec2.delete_volume', 'k8s.pods.list', 'k8s.pods.delete']
    const risks = ['read', 'write', 'delete'] as const
    for (let round = 0; round < 200; round++) {
      const rules: PolicyRule[] = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, i) => {
        const match: PolicyRule['match'] = {}
        if (rand() < 0.5) match.env = [pick(envs)]
        if (rand() < 0.5) match.risk = [pick(risks)]
        if (rand() < 0.5) match.action = [pick(['aws.*', 'k8s.*', 'aws.ec2.delete_*', '*'])]
        if (Object.keys(match).length === 0) match.provider = [pick(['aws', 'kubernetes'] as const)]
        return { id: `r${i}`, effect: pick(effects), match }
      })
      const steps = actions.map((action, i) => ({
        id: `s${i}`,
        provider: action.startsWith('k8s') ? 'kubernetes' : 'aws',
        action,
        risk: pick(risks),
      }))
      const env = pick(envs)
      const p = policy(rules, { default: pick(effects), read_only: rand() < 0.3 })
      const expected = evaluatePolicy(p, steps, env)
      for (let s = 0; s < 5; s++) {
        const shuffled = [...rules].sort(() => rand() - 0.5)
        expect(evaluatePolicy({ ...p, rules: shuffled }, steps, env)).toEqual(expected)
      }
    }
  })

  it('the built-in policy allows reads, and denies writes and prod deletes', () => {
    expect(decideStep(builtinPolicy, step(), 'prod').effect).toBe('allow')
    expect(decideStep(builtinPolicy, step({ risk: 'write' }), 'dev').effect).toBe('deny')
    expect(decideStep({ ...builtinPolicy, read_only: false }, step({ risk: 'write' }), 'dev').effect).toBe(
      'require_approval',
    )
    expect(decideStep({ ...builtinPolicy, read_only: false }, step({ risk: 'delete' }), 'prod')).toMatchObject({
      effect: 'deny',
      rules: ['no-prod-deletes'],
    })
  })

  it('derives the resources a step names from its params', () => {
    expect(stepResources({ namespace: 'pay', group_ids: ['sg-1'], other: 'x' })).toEqual(['sg-1', 'namespace/pay'])
    // A diagnosis names its one object by id: a rule on that id applies to it.
    expect(stepResources({ id: 'i-0abc', region: 'us-east-1' })).toEqual(['i-0abc'])
    expect(stepResources({ id: 7 })).toEqual([])
  })
})
