// The policy use cases behind `cloudops policy ...`.

import { hasAction, loadAction } from '../actions/registry.js'
import type { Paths } from '../config/paths.js'
import { PlanRefusedError, RuntimeError } from '../errors.js'
import { decidePlan } from '../planner/policy-steps.js'
import type { Plan } from '../planner/types.js'
import { readPlanFile } from '../planner/verify-plan.js'
import { type PolicyCase, type PolicyTestReport, runPolicyCases } from '../policy/cases.js'
import { diffPolicies, type PolicyDiff } from '../policy/diff.js'
import { loadPolicy, loadPolicyFile } from '../policy/load.js'
import type { Decision, LoadedPolicy } from '../policy/types.js'
import { readValidatedFile } from '../schema/validate-document.js'
import { schemaProblems, validatorFor } from '../schema/validator.js'

interface PolicyContext {
  flag?: string
  paths: Paths
  env?: Record<string, string | undefined>
  cwd?: string
}

export function policyInForce(ctx: PolicyContext): LoadedPolicy {
  return loadPolicy({ flag: ctx.flag, env: ctx.env ?? process.env, cwd: ctx.cwd ?? process.cwd(), paths: ctx.paths })
}

export function policyDiff(a: string, b: string): { from: LoadedPolicy; to: LoadedPolicy; diff: PolicyDiff } {
  const from = loadPolicyFile(a)
  const to = loadPolicyFile(b)
  return { from, to, diff: diffPolicies(from.policy, to.policy) }
}

async function catalogueRisk(action: string) {
  return hasAction(action) ? (await loadAction(action)).risk : undefined
}

export async function policyTest(
  ctx: PolicyContext,
  casesFile: string,
): Promise<PolicyTestReport & { policy: LoadedPolicy }> {
  const loaded = policyInForce(ctx)
  const { cases } = readValidatedFile<{ cases: PolicyCase[] }>(
    casesFile,
    'policy-cases',
    `Fix ${casesFile}: each case is {name?, step: {action, env, risk?, provider?, resources?}, expect: {effect, rules?}}.`,
  )
  try {
    return { policy: loaded, ...(await runPolicyCases(loaded.policy, cases, catalogueRisk)) }
  } catch (err) {
    throw new RuntimeError((err as Error).message, { hint: `Add "risk:" to the case in ${casesFile}.` })
  }
}

/** A saved plan's steps under the policy in force now, beside the decisions the plan recorded. */
interface PlanPolicyCheck {
  plan_id: string
  policy: { source: string; sha256: string }
  decisions: (Decision & { recorded: Decision['effect'] | null; changed: boolean })[]
}

export async function policyCheck(
  ctx: PolicyContext,
  planFile: string,
): Promise<{ check: PlanPolicyCheck; planPolicySha256: string }> {
  const data = readPlanFile(planFile)
  const validate = validatorFor('plan')
  if (!validate(data)) {
    throw new PlanRefusedError(`${planFile} is not a valid plan: ${schemaProblems(validate)[0]?.message}`, {
      hint: 'Give a file written by `cloudops plan --out`.',
    })
  }
  const plan = data as Plan
  const loaded = policyInForce(ctx)
  const decisions = (await decidePlan(loaded.policy, plan)).map((d) => {
    const recorded = plan.policy.decisions.find((r) => r.step === d.step)
    return { ...d, recorded: recorded?.effect ?? null, changed: recorded?.effect !== d.effect }
  })
  const check = { plan_id: plan.plan_id, policy: { source: loaded.source, sha256: loaded.sha256 }, decisions }
  return { check, planPolicySha256: plan.policy.sha256 }
}
