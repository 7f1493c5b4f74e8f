// The policy use cases behind `cloudops policy ...`.

import { hasAction, loadAction } from '../actions/registry.js'
import type { Paths } from '../config/paths.js'
import { RuntimeError } from '../errors.js'
import { type PolicyCase, type PolicyTestReport, runPolicyCases } from '../policy/cases.js'
import { diffPolicies, type PolicyDiff } from '../policy/diff.js'
import { loadPolicy, loadPolicyFile } from '../policy/load.js'
import type { LoadedPolicy } from '../policy/types.js'
import { readValidatedFile } from '../schema/validate-document.js'

export interface PolicyContext {
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

export async function catalogueRisk(action: string) {
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
