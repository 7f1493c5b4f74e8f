// The namespaced list actions are made by one factory; plans and policy depend on each one's id, risk, params and
// permissions staying exactly what they were.
import { describe, expect, it } from 'vitest'
import { loadAction } from '../../src/actions/registry.js'

const namespace = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }
const selector = { type: 'string', maxLength: 500 }

describe('namespaced list actions', () => {
  it.each([
    ['k8s.deployments.list', 'list deployments', { namespace, label_selector: selector }],
    ['k8s.replicasets.list', 'list replicasets', { namespace, label_selector: selector }],
    ['k8s.pods.list', 'list pods', { namespace, label_selector: selector, field_selector: selector }],
  ])('%s keeps its id, risk, params and permissions', async (id, permission, properties) => {
    const action = await loadAction(id)
    expect(action).toMatchObject({ id, provider: 'kubernetes', risk: 'read', permissions: [permission] })
    expect(action.params).toStrictEqual({ type: 'object', additionalProperties: false, properties })
    expect(Object.keys(action.params.properties as object)).toEqual(Object.keys(properties))
  })
})
