// `policy test`: table tests of a policy. Each case is a step and the decision it must get; the result
// lists every mismatch and which rules no case exercised.
import { isDeepStrictEqual } from 'node:util'
import type { Risk } from '../actions/types.js'
import { decideStep, ruleMatches } from './evaluate.js'
import type { Decision, Effect, Policy } from './types.js'

export interface PolicyCase {
  name?: string
  step: { action: string; env: string; provider?: 'aws' | 'kubernetes'; risk?: Risk; resources?: string[] }
  expect: { effect: Effect; rules?: string[] }
}

interface CaseResult {
  name: string
  passed: boolean
  expected: PolicyCase['expect']
  actual: Pick<Decision, 'effect' | 'rules' | 'reason'>
}

export interface PolicyTestReport {
  passed: number
  failed: number
  results: CaseResult[]
  /** Rule ids that matched no case's step. */
  uncovered: string[]
  coverage: { rules: number; covered: number }
}

type RiskOf = (action: string) => Promise<Risk | undefined>

function providerOf(action: string): 'aws' | 'kubernetes' {
  return action.startsWith('k8s.') ? 'kubernetes' : 'aws'
}

/** Cases are resolved first: a case without a risk takes the action catalogue's, as a real plan step would. */
export async function runPolicyCases(policy: Policy, cases: PolicyCase[], riskOf: RiskOf): Promise<PolicyTestReport> {
  const covered = new Set<string>()
  const results: CaseResult[] = []
  for (const [i, c] of cases.entries()) {
    const risk = c.step.risk ?? (await riskOf(c.step.action))
    if (!risk)
      throw new Error(`case ${c.name ?? i + 1}: action ${c.step.action} is not in the catalogue; give its risk`)
    const step = {
      id: c.name ?? `case-${i + 1}`,
      provider: c.step.provider ?? providerOf(c.step.action),
      action: c.step.action,
      risk,
      resources: c.step.resources,
    }
    for (const r of policy.rules) if (ruleMatches(r, step, c.step.env)) covered.add(r.id)
    const d = decideStep(policy, step, c.step.env)
    // Stryker disable next-line MethodExpression: decideStep already gives its rule ids sorted
    const rulesOk = !c.expect.rules || isDeepStrictEqual([...c.expect.rules].sort(), [...d.rules].sort())
    results.push({
      name: step.id,
      passed: d.effect === c.expect.effect && rulesOk,
      expected: c.expect,
      actual: { effect: d.effect, rules: d.rules, reason: d.reason },
    })
  }
  const ids = policy.rules.map((r) => r.id)
  const failed = results.filter((r) => !r.passed).length
  return {
    passed: results.length - failed,
    failed,
    results,
    uncovered: ids.filter((id) => !covered.has(id)),
    coverage: { rules: ids.length, covered: ids.filter((id) => covered.has(id)).length },
  }
}
