// What policy evaluates for each plan step: its risk from the action catalogue (an unknown action counts as
// "delete", so it can only be denied), and the effective target, which is what the step will actually reach: the
// namespace from its params, else the environment's default namespace, else every namespace.
import { hasAction, loadAction } from '../actions/registry.js'
import type { ActionDefinition } from '../actions/types.js'
import { type PolicyStep, stepResources } from '../policy/evaluate.js'
import type { PlanEnvironment, PlanStep } from './types.js'

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

export async function policyStepsOf(steps: readonly PlanStep[], environment: PlanEnvironment): Promise<PolicyStep[]> {
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
