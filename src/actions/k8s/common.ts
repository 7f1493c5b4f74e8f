// Shared params schema pieces for the Kubernetes list actions.
export const namespaceParam = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }
export const selectorParam = { type: 'string', maxLength: 500 }

/** The step's namespace, else the environment's default namespace, else all namespaces. */
export function namespaceOf(p: { namespace?: string }, env: { kubernetes?: { namespace?: string } }) {
  return p.namespace ?? env.kubernetes?.namespace
}
