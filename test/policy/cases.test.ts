// `policy test`: each case is decided as a plan step would be, compared with what it expects, and the rules no
// case reached are named.
import { describe, expect, it } from 'vitest'
import type { Risk } from '../../src/actions/types.js'
import { type PolicyCase, runPolicyCases } from '../../src/policy/cases.js'
import type { Policy } from '../../src/policy/types.js'

const policy: Policy = {
  version: 1,
  read_only: false,
  default: 'require_approval',
  rules: [
    { id: 'reads', effect: 'allow', match: { risk: ['read'] } },
    { id: 'k8s-reads', effect: 'allow', match: { provider: ['kubernetes'], risk: ['read'] } },
    { id: 'no-prod-deletes', effect: 'deny', match: { env: ['prod'], risk: ['delete'] }, reason: 'never' },
    { id: 'no-kube-system', effect: 'deny', match: { resource: ['namespace/kube-system'] } },
    { id: 'unreached', effect: 'deny', match: { env: ['nowhere'] } },
  ],
}

/** The catalogue, as far as these cases need it; records what it was asked. */
function catalogue(risks: Record<string, Risk> = { 'aws.ec2.describe_instances': 'read', 'k8s.pods.list': 'read' }) {
  const asked: string[] = []
  const riskOf = async (action: string) => {
    asked.push(action)
    return risks[action]
  }
  return { asked, riskOf }
}

describe('runPolicyCases', () => {
  it('decides each case and reports it, taking the risk from the catalogue when the case gives none', async () => {
    const { asked, riskOf } = catalogue()
    const cases: PolicyCase[] = [
      { name: 'ec2 read', step: { action: 'aws.ec2.describe_instances', env: 'dev' }, expect: { effect: 'allow' } },
      {
        step: { action: 'aws.ec2.delete_volume', env: 'prod', risk: 'delete' },
        expect: { effect: 'deny', rules: ['no-prod-deletes'] },
      },
    ]
    const report = await runPolicyCases(policy, cases, riskOf)
    // The catalogue is asked only for the case without a risk.
    expect(asked).toEqual(['aws.ec2.describe_instances'])
    expect(report.results).toEqual([
      {
        name: 'ec2 read',
        passed: true,
        expected: { effect: 'allow' },
        actual: { effect: 'allow', rules: ['reads'], reason: 'allow by rule reads' },
      },
      {
        name: 'case-2',
        passed: true,
        expected: { effect: 'deny', rules: ['no-prod-deletes'] },
        actual: { effect: 'deny', rules: ['no-prod-deletes'], reason: 'never' },
      },
    ])
    expect(report).toMatchObject({ passed: 2, failed: 0 })
  })

  it('a case risk wins over the catalogue', async () => {
    const { asked, riskOf } = catalogue()
    const report = await runPolicyCases(
      policy,
      [{ step: { action: 'aws.ec2.describe_instances', env: 'prod', risk: 'delete' }, expect: { effect: 'deny' } }],
      riskOf,
    )
    expect(asked).toEqual([])
    expect(report.results[0]?.actual.rules).toEqual(['no-prod-deletes'])
  })

  it('refuses an action the catalogue does not know when the case gives no risk, naming the case', async () => {
    const { riskOf } = catalogue()
    const unknown = { step: { action: 'aws.nothing.here', env: 'dev' }, expect: { effect: 'deny' } } as const
    await expect(runPolicyCases(policy, [unknown], riskOf)).rejects.toThrow(
      'case 1: action aws.nothing.here is not in the catalogue; give its risk',
    )
    const ok = { step: { action: 'k8s.pods.list', env: 'dev' }, expect: { effect: 'allow' } } as const
    await expect(runPolicyCases(policy, [ok, { ...unknown, name: 'ghost' }], riskOf)).rejects.toThrow(
      'case ghost: action aws.nothing.here is not in the catalogue; give its risk',
    )
    await expect(runPolicyCases(policy, [ok, unknown], riskOf)).rejects.toThrow(/^case 2: action aws.nothing.here/)
  })

  it('takes the provider from the action (k8s. is Kubernetes, anything else AWS) unless the case names it', async () => {
    const { riskOf } = catalogue()
    const run = async (step: PolicyCase['step']) =>
      (await runPolicyCases(policy, [{ step, expect: { effect: 'allow' } }], riskOf)).results[0]?.actual.rules
    expect(await run({ action: 'k8s.pods.list', env: 'dev' })).toEqual(['k8s-reads', 'reads'])
    expect(await run({ action: 'k8s.pods.list', env: 'dev', provider: 'aws' })).toEqual(['reads'])
    expect(await run({ action: 'k8sx.pods.list', env: 'dev', risk: 'read' })).toEqual(['reads'])
    expect(await run({ action: 'aws.ec2.describe_instances', env: 'dev', provider: 'kubernetes' })).toEqual([
      'k8s-reads',
      'reads',
    ])
    const byProvider: Policy = {
      ...policy,
      rules: [
        { id: 'aws-only', effect: 'allow', match: { provider: ['aws'] } },
        { id: 'k8s-only', effect: 'allow', match: { provider: ['kubernetes'] } },
      ],
    }
    const providerRules = async (action: string) =>
      (
        await runPolicyCases(
          byProvider,
          [{ step: { action, env: 'dev', risk: 'read' }, expect: { effect: 'allow' } }],
          riskOf,
        )
      ).results[0]?.actual.rules
    expect(await providerRules('aws.s3.list_buckets')).toEqual(['aws-only'])
    expect(await providerRules('k8sx.pods.list')).toEqual(['aws-only'])
    expect(await providerRules('k8s.pods.list')).toEqual(['k8s-only'])
  })

  it("passes a case's resources to the rules", async () => {
    const { riskOf } = catalogue()
    const report = await runPolicyCases(
      policy,
      [
        {
          step: { action: 'k8s.pods.list', env: 'dev', resources: ['namespace/kube-system'] },
          expect: { effect: 'deny' },
        },
      ],
      riskOf,
    )
    expect(report.results[0]).toMatchObject({ passed: true, actual: { rules: ['no-kube-system'] } })
  })

  it('fails a case on the effect, or on the rules when it names them (in any order), and counts both', async () => {
    const { riskOf } = catalogue()
    const k8s = { action: 'k8s.pods.list', env: 'dev' }
    const report = await runPolicyCases(
      policy,
      [
        { name: 'any order', step: k8s, expect: { effect: 'allow', rules: ['reads', 'k8s-reads'] } },
        { name: 'wrong effect', step: k8s, expect: { effect: 'deny' } },
        { name: 'one rule short', step: k8s, expect: { effect: 'allow', rules: ['reads'] } },
        { name: 'one rule more', step: k8s, expect: { effect: 'allow', rules: ['k8s-reads', 'reads', 'x'] } },
        { name: 'no rules', step: k8s, expect: { effect: 'allow', rules: [] } },
        // Two rule ids are not one id with a comma in it.
        { name: 'joined', step: k8s, expect: { effect: 'allow', rules: ['k8s-reads,reads'] } },
      ],
      riskOf,
    )
    expect(report.results.map((r) => [r.name, r.passed])).toEqual([
      ['any order', true],
      ['wrong effect', false],
      ['one rule short', false],
      ['one rule more', false],
      ['no rules', false],
      ['joined', false],
    ])
    expect(report).toMatchObject({ passed: 1, failed: 5 })
    // The case's own list is reported as given, not sorted in place.
    expect(report.results[0]?.expected.rules).toEqual(['reads', 'k8s-reads'])
  })

  it('names the rules no case reached, counting a rule that matched without winning as reached', async () => {
    const { riskOf } = catalogue()
    const report = await runPolicyCases(
      policy,
      // In prod a delete is denied by no-prod-deletes; reads (allow) did not match, k8s-reads neither.
      [
        {
          step: { action: 'k8s.pods.delete', env: 'prod', risk: 'delete', resources: ['namespace/kube-system'] },
          expect: { effect: 'deny' },
        },
      ],
      riskOf,
    )
    expect(report.results[0]?.actual.rules).toEqual(['no-kube-system', 'no-prod-deletes'])
    expect(report.uncovered).toEqual(['reads', 'k8s-reads', 'unreached'])
    expect(report.coverage).toEqual({ rules: 5, covered: 2 })

    const losing = await runPolicyCases(
      { ...policy, rules: [{ id: 'loses', effect: 'allow', match: { risk: ['delete'] } }, ...policy.rules] },
      [{ step: { action: 'aws.ec2.delete_volume', env: 'prod', risk: 'delete' }, expect: { effect: 'deny' } }],
      riskOf,
    )
    expect(losing.results[0]?.actual.rules).toEqual(['no-prod-deletes'])
    expect(losing.uncovered).not.toContain('loses')
    expect(losing.coverage).toEqual({ rules: 6, covered: 2 })
  })

  it('with no cases: nothing passed or failed, every rule uncovered', async () => {
    const report = await runPolicyCases(policy, [], catalogue().riskOf)
    expect(report).toEqual({
      passed: 0,
      failed: 0,
      results: [],
      uncovered: ['reads', 'k8s-reads', 'no-prod-deletes', 'no-kube-system', 'unreached'],
      coverage: { rules: 5, covered: 0 },
    })
  })
})
