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

  describe('the built-in policy, rule by rule', () => {
    const relaxed = { ...builtinPolicy, read_only: false }
    const decide = (over: Partial<PolicyStep>, env: string, p: Policy = relaxed) =>
      decideStep(p, step({ id: 'x', ...over }), env)

    it('is read-only, and its rules are what a relaxed copy keeps', () => {
      expect(builtinPolicy.read_only).toBe(true)
      expect(decide({ risk: 'write' }, 'dev', builtinPolicy)).toMatchObject({ effect: 'deny', rules: ['read_only'] })
    })

    it('reads-allowed: a read anywhere is allowed', () => {
      for (const env of ['dev', 'prod']) {
        expect(decide({}, env)).toEqual({
          step: 'x',
          effect: 'allow',
          rules: ['reads-allowed'],
          reason: 'allow by rule reads-allowed',
        })
      }
    })

    it('writes-need-approval: a write needs approval, in prod too', () => {
      for (const env of ['dev', 'prod']) {
        expect(decide({ action: 'aws.ec2.stop_instances', risk: 'write' }, env)).toEqual({
          step: 'x',
          effect: 'require_approval',
          rules: ['writes-need-approval'],
          reason: 'require_approval by rule writes-need-approval',
        })
      }
    })

    it('no-prod-deletes: a delete in prod or production is denied; elsewhere the default asks for approval', () => {
      for (const env of ['prod', 'production']) {
        expect(decide({ action: 'aws.ec2.delete_volume', risk: 'delete' }, env)).toEqual({
          step: 'x',
          effect: 'deny',
          rules: ['no-prod-deletes'],
          reason: 'Deletes in prod are never automated',
        })
      }
      for (const env of ['dev', 'prod-eu', 'staging']) {
        expect(decide({ action: 'aws.ec2.delete_volume', risk: 'delete' }, env)).toEqual({
          step: 'x',
          effect: 'require_approval',
          rules: ['default'],
          reason: 'no rule matches; the default is require_approval',
        })
      }
    })

    it.each([
      ['aws.secretsmanager.get_secret_value', 'aws'],
      ['aws.ssm.get_parameter', 'aws'],
      ['aws.ssm.get_parameters_by_path', 'aws'],
      ['k8s.secrets.get', 'kubernetes'],
    ])('no-secrets: %s is denied even as a read, read-only or not', (action, provider) => {
      const denied = {
        step: 'x',
        effect: 'deny',
        rules: ['no-secrets'],
        reason: 'Secret values are never read by cloudops',
      }
      expect(decide({ action, provider }, 'dev')).toEqual(denied)
      expect(decide({ action, provider }, 'dev', builtinPolicy)).toEqual(denied)
    })

    it.each(['aws.ssm.describe_parameters', 'k8s.pods.list', 'aws.secrets.list'])(
      'no-secrets leaves a look-alike read alone: %s',
      (action) => {
        expect(decide({ action }, 'dev', builtinPolicy)).toMatchObject({ effect: 'allow', rules: ['reads-allowed'] })
      },
    )
  })

  describe('the reason a decision gives', () => {
    const del = step({ id: 'del', action: 'aws.ec2.delete_volume', risk: 'delete' })

    it('read_only names the action and its risk; the default names the effect', () => {
      expect(decideStep(policy([], { read_only: true }), del, 'dev')).toEqual({
        step: 'del',
        effect: 'deny',
        rules: ['read_only'],
        reason: 'the policy is read-only and aws.ec2.delete_volume is a delete action',
      })
      expect(decideStep(policy([], { default: 'deny' }), del, 'dev')).toEqual({
        step: 'del',
        effect: 'deny',
        rules: ['default'],
        reason: 'no rule matches; the default is deny',
      })
    })

    it('without reasons, names the winning rule, or the rules (sorted, plural)', () => {
      const one = policy([{ id: 'only', effect: 'deny', match: { risk: ['delete'] } }])
      expect(decideStep(one, del, 'dev').reason).toBe('deny by rule only')
      const two = policy([
        { id: 'zeta', effect: 'require_approval', match: { risk: ['delete'] } },
        { id: 'alpha', effect: 'require_approval', match: { provider: ['aws'] } },
        { id: 'loser', effect: 'allow', match: { provider: ['aws'] }, reason: 'not shown' },
      ])
      expect(decideStep(two, del, 'dev')).toEqual({
        step: 'del',
        effect: 'require_approval',
        rules: ['alpha', 'zeta'],
        reason: 'require_approval by rules alpha, zeta',
      })
    })

    it("joins the winners' reasons, skipping a winner without one, in an order the rule order cannot change", () => {
      const rules: PolicyRule[] = [
        { id: 'b', effect: 'deny', match: { risk: ['delete'] }, reason: 'second reason' },
        { id: 'a', effect: 'deny', match: { provider: ['aws'] }, reason: 'first reason' },
        { id: 'c', effect: 'deny', match: { env: ['dev'] } },
        { id: 'x', effect: 'require_approval', match: { provider: ['aws'] }, reason: 'loses' },
      ]
      const expected = { step: 'del', effect: 'deny', rules: ['a', 'b', 'c'], reason: 'first reason; second reason' }
      expect(decideStep(policy(rules), del, 'dev')).toEqual(expected)
      expect(decideStep(policy([...rules].reverse()), del, 'dev')).toEqual(expected)
      // A winner without a reason next to one with: only the given reason, no empty part.
      expect(decideStep(policy([rules[2] as PolicyRule, rules[1] as PolicyRule]), del, 'dev').reason).toBe(
        'first reason',
      )
    })
  })

  describe('a read of every namespace (allNamespaces)', () => {
    const all = step({ id: 'pods', provider: 'kubernetes', action: 'k8s.pods.list', allNamespaces: true })
    const hint = ' (the step reads every namespace: give it one with --param namespace=NAME)'
    const deny = (resource: string[], reason = 'no') =>
      policy([{ id: 'r', effect: 'deny', match: { resource }, reason }], { default: 'allow' })

    it.each([
      ['a namespace rule', ['namespace/kube-system'], true],
      ['a star rule', ['*'], true],
      ['a namespace rule among others', ['sg-*', 'namespace/kube-system'], true],
      ['a rule on other resources only', ['sg-*', 'i-*'], false],
      ['a rule whose glob only ends in namespace/', ['x-namespace/'], false],
      ['a rule on a look-alike prefix', ['namespaces/kube-system'], false],
    ] as const)('is caught by %s: %s', (_name, resource, caught) => {
      const d = decideStep(deny([...resource]), all, 'dev')
      expect(d).toEqual(
        caught
          ? { step: 'pods', effect: 'deny', rules: ['r'], reason: `no${hint}` }
          : { step: 'pods', effect: 'allow', rules: ['default'], reason: 'no rule matches; the default is allow' },
      )
    })

    it('a rule without resource still applies, without the hint; with a namespace rule beside it, with the hint', () => {
      const byRisk: PolicyRule = { id: 'reads', effect: 'deny', match: { risk: ['read'] } }
      expect(decideStep(policy([byRisk]), all, 'dev').reason).toBe('deny by rule reads')
      const byNs: PolicyRule = { id: 'ns', effect: 'deny', match: { resource: ['namespace/a'] } }
      expect(decideStep(policy([byRisk, byNs]), all, 'dev').reason).toBe(`deny by rules ns, reads${hint}`)
    })

    it('only a winning namespace rule adds the hint', () => {
      const p = policy([
        { id: 'ns', effect: 'require_approval', match: { resource: ['namespace/a'] } },
        { id: 'reads', effect: 'deny', match: { risk: ['read'] } },
      ])
      expect(decideStep(p, all, 'dev')).toMatchObject({ effect: 'deny', reason: 'deny by rule reads' })
    })

    it('a step with a namespace gets no hint, and is matched only by its own namespace', () => {
      const one = step({ id: 'pods', provider: 'kubernetes', action: 'k8s.pods.list', resources: ['namespace/a'] })
      expect(decideStep(deny(['namespace/a']), one, 'dev')).toEqual({
        step: 'pods',
        effect: 'deny',
        rules: ['r'],
        reason: 'no',
      })
      expect(decideStep(deny(['namespace/b']), one, 'dev').effect).toBe('allow')
      expect(decideStep(deny(['namespace/a']), { ...one, allNamespaces: false }, 'dev').reason).toBe('no')
    })
  })

  it('derives the resources a step names from its params', () => {
    expect(stepResources({ namespace: 'pay', group_ids: ['sg-1'], other: 'x' })).toEqual(['sg-1', 'namespace/pay'])
    // A diagnosis names its one object by id: a rule on that id applies to it.
    expect(stepResources({ id: 'i-0abc', region: 'us-east-1' })).toEqual(['i-0abc'])
    expect(stepResources({ id: 7 })).toEqual([])
    expect(
      stepResources({ group_ids: ['sg-1', 2], instance_ids: ['i-1', null], volume_ids: ['vol-1', { id: 'x' }] }),
    ).toEqual(['sg-1', 'i-1', 'vol-1'])
    expect(stepResources({ instance_ids: 'i-1', volume_ids: { 0: 'vol-1' } })).toEqual([])
  })

  it("takes the step's own namespace param before the environment's, and ignores a non-string one", () => {
    expect(stepResources({}, 'shop')).toEqual(['namespace/shop'])
    expect(stepResources({ namespace: 'pay' }, 'shop')).toEqual(['namespace/pay'])
    expect(stepResources({ namespace: 5 }, 'shop')).toEqual(['namespace/shop'])
    expect(stepResources({ namespace: '' }, 'shop')).toEqual([])
    expect(stepResources({})).toEqual([])
  })
})

describe('rules that match who asked (via)', () => {
  const agentsOut: Policy = {
    version: 1,
    read_only: true,
    default: 'deny',
    rules: [
      { id: 'reads', effect: 'allow', match: { risk: ['read'] } },
      { id: 'no-agents', effect: 'deny', match: { via: ['mcp'] }, reason: 'agents stay out' },
      { id: 'cli-only-note', effect: 'require_approval', match: { via: ['cli'], action: ['k8s.pods.*'] } },
    ],
  }
  it.each([
    ['an agent (via mcp) is denied by the via: [mcp] rule', { via: 'mcp' as const }, 'deny', ['no-agents']],
    ['the CLI, said so, is allowed', { via: 'cli' as const }, 'allow', ['reads']],
    ['a step that does not say is the CLI', {}, 'allow', ['reads']],
    ['a via: [cli] rule matches the CLI', { action: 'k8s.pods.list' }, 'require_approval', ['cli-only-note']],
    ['and not an agent', { action: 'k8s.pods.list', via: 'mcp' as const }, 'deny', ['no-agents']],
  ])('%s', (_what, over, effect, rules) => {
    const d = decideStep(agentsOut, step(over), 'prod')
    expect(d.effect).toBe(effect)
    expect(d.rules).toEqual(rules)
  })
})
