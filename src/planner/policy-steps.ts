// What policy evaluates for each plan step: its risk from the action catalogue (an unknown action counts as
// "delete", so it can only be denied), and the effective target, which is what the step will actually reach: the
// namespace from its params, else the environment's default namespace, else every namespace.
import { hasAction, loadAction } from '../actions/registry.js'
import type { ActionDefinition } from '../actions/types.js'
import { evaluatePolicy, type PolicyStep, stepResources } from '../policy/evaluate.js'
import type { Decision, Policy, Via } from '../policy/types.js'
import type { Plan, PlanEnvironment, PlanStep } from './types.js'

/** A Kubernetes action whose params take a namespace reads all namespaces when it is given none. */
function isNamespaced(action: Pick<ActionDefinition, 'provider' | 'params'>): boolean {
  const properties = (action.params as { properties?: Record<string, unknown> }).properties ?? {}
  return action.provider === 'kubernetes' && Object.hasOwn(properties, 'namespace')
}

/** The namespace a step reaches: a name, "*" for every namespace, or undefined when it is not namespaced. */
export function effectiveNamespace(
  action: Pick<ActionDefinition, 'provider' | 'params'>,
  params: Record<string, unknown>,
  environment: Pick<PlanEnvironment, 'kubernetes'>,
): string | undefined {
  if (!isNamespaced(action)) return undefined
  const given = typeof params.namespace === 'string' ? params.namespace : undefined
  return given ?? environment.kubernetes?.namespace ?? '*'
}

async function policyStepsOf(steps: readonly PlanStep[], environment: PlanEnvironment): Promise<PolicyStep[]> {
  return Promise.all(
    steps.map(async (s) => {
      const action = hasAction(s.action) ? await loadAction(s.action) : undefined
      const ns = action ? effectiveNamespace(action, s.params, environment) : undefined
      return {
        id: s.id,
        provider: s.provider,
        action: s.action,
        risk: action?.risk ?? 'delete',
        resources: stepResources(s.params, ns === '*' ? undefined : ns),
        allNamespaces: ns === '*',
      }
    }),
  )
}

/** The environment a step reaches: its target's in a fleet plan, else the plan's. */
export function stepEnvironment(plan: Pick<Plan, 'environment' | 'targets'>, step: Pick<PlanStep, 'target'>) {
  return plan.targets?.find((t) => t.id === step.target)?.environment ?? plan.environment
}

/**
 * The policy's decision for every step of a plan, each under the environment it reaches (a fleet plan's targets
 * are decided apart: a rule for prod matches prod's steps only). The one place plans are decided: `plan`, `apply`
 * and `policy check` all come here.
 */
export async function decidePlan(
  policy: Policy,
  plan: Pick<Plan, 'environment' | 'targets' | 'steps'>,
  via?: Via,
): Promise<Decision[]> {
  return Promise.all(
    plan.steps.map(async (step) => {
      const environment = stepEnvironment(plan, step)
      const [policyStep] = await policyStepsOf([step], environment)
      return evaluatePolicy(policy, [{ ...(policyStep as PolicyStep), via }], environment.name)[0] as Decision
    }),
  )
}
