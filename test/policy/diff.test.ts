// `policy diff`: by rule id and field, so reordering rules, match keys or list items is no change.
import { describe, expect, it } from 'vitest'
import { builtinPolicy } from '../../src/policy/builtin.js'
import { diffPolicies } from '../../src/policy/diff.js'
import type { Policy, PolicyRule } from '../../src/policy/types.js'

const base: Policy = {
  version: 1,
  read_only: true,
  default: 'require_approval',
  rules: [
    { id: 'reads', effect: 'allow', match: { risk: ['read'] } },
    { id: 'no-prod', effect: 'deny', match: { env: ['prod', 'production'], risk: ['delete'] }, reason: 'never' },
  ],
}
const none = { identical: true, top: [], added: [], removed: [], changed: [] }
const withRules = (rules: PolicyRule[], over: Partial<Policy> = {}): Policy => ({ ...base, ...over, rules })

describe('diffPolicies', () => {
  it('finds no change between a policy and itself, or a deep copy', () => {
    expect(diffPolicies(base, base)).toEqual(none)
    expect(diffPolicies(builtinPolicy, structuredClone(builtinPolicy))).toEqual(none)
  })

  it('reordered rules, match keys and list items are no change', () => {
    const reordered = withRules([
      { effect: 'deny', reason: 'never', id: 'no-prod', match: { risk: ['delete'], env: ['production', 'prod'] } },
      { id: 'reads', effect: 'allow', match: { risk: ['read'] } },
    ])
    expect(diffPolicies(base, reordered)).toEqual(none)
  })

  it('names each changed top-level field with its old and new value', () => {
    const other = { ...base, read_only: false, default: 'deny' as const }
    expect(diffPolicies(base, other)).toEqual({
      ...none,
      identical: false,
      top: [
        { field: 'read_only', from: true, to: false },
        { field: 'default', from: 'require_approval', to: 'deny' },
      ],
    })
    const v2 = { ...base, version: 2 } as unknown as Policy
    expect(diffPolicies(base, v2).top).toEqual([{ field: 'version', from: 1, to: 2 }])
    expect(diffPolicies(base, v2).identical).toBe(false)
  })

  it('lists rules added and removed by id, whole', () => {
    const added: PolicyRule = { id: 'writes', effect: 'require_approval', match: { risk: ['write'] } }
    const more = withRules([...base.rules, added])
    expect(diffPolicies(base, more)).toEqual({ ...none, identical: false, added: [added] })
    expect(diffPolicies(more, base)).toEqual({ ...none, identical: false, removed: [added] })
  })

  it('a renamed rule is one removed and one added', () => {
    const [reads, noProd] = base.rules as [PolicyRule, PolicyRule]
    const renamed = withRules([{ ...reads, id: 'all-reads' }, noProd])
    expect(diffPolicies(base, renamed)).toEqual({
      ...none,
      identical: false,
      added: [{ ...reads, id: 'all-reads' }],
      removed: [reads],
    })
  })

  it('names each changed field of a rule: effect, reason, then the match keys in order', () => {
    const [reads, noProd] = base.rules as [PolicyRule, PolicyRule]
    const changed = withRules([
      reads,
      {
        id: 'no-prod',
        effect: 'require_approval',
        match: { risk: ['delete', 'write'], action: ['aws.*'], env: ['prod', 'production'] },
      },
    ])
    expect(diffPolicies(base, changed)).toEqual({
      ...none,
      identical: false,
      changed: [
        {
          id: 'no-prod',
          fields: [
            { field: 'effect', from: 'deny', to: 'require_approval' },
            { field: 'reason', from: 'never', to: undefined },
            { field: 'match.action', from: undefined, to: ['aws.*'] },
            { field: 'match.risk', from: ['delete'], to: ['delete', 'write'] },
          ],
        },
      ],
    })
    // The other way round: the key removed, the reason added.
    expect(diffPolicies(changed, base).changed[0]?.fields).toEqual([
      { field: 'effect', from: 'require_approval', to: 'deny' },
      { field: 'reason', from: undefined, to: 'never' },
      { field: 'match.action', from: ['aws.*'], to: undefined },
      { field: 'match.risk', from: ['delete', 'write'], to: ['delete'] },
    ])
    expect(noProd.reason).toBe('never')
  })

  it('a changed reason alone, or one list item replaced, is a change', () => {
    const [reads, noProd] = base.rules as [PolicyRule, PolicyRule]
    expect(diffPolicies(base, withRules([reads, { ...noProd, reason: 'not ever' }])).changed).toEqual([
      { id: 'no-prod', fields: [{ field: 'reason', from: 'never', to: 'not ever' }] },
    ])
    const env = { ...noProd, match: { ...noProd.match, env: ['prod', 'prod-eu'] } }
    expect(diffPolicies(base, withRules([reads, env])).changed).toEqual([
      { id: 'no-prod', fields: [{ field: 'match.env', from: ['prod', 'production'], to: ['prod', 'prod-eu'] }] },
    ])
    // A list is a multiset: one item twice is not the same list as that item once.
    const twice = { ...noProd, match: { ...noProd.match, env: ['prod', 'prod', 'production'] } }
    expect(diffPolicies(base, withRules([reads, twice])).changed).toHaveLength(1)
  })

  it('keeps the order of the rules in the files in each list', () => {
    const a: PolicyRule = { id: 'z-first', effect: 'deny', match: { env: ['a'] } }
    const b: PolicyRule = { id: 'a-second', effect: 'deny', match: { env: ['b'] } }
    expect(diffPolicies(base, withRules([...base.rules, a, b])).added.map((r) => r.id)).toEqual(['z-first', 'a-second'])
    const both = withRules([
      { ...(base.rules[1] as PolicyRule), effect: 'allow' },
      { ...(base.rules[0] as PolicyRule), effect: 'deny' },
    ])
    expect(diffPolicies(base, both).changed.map((c) => c.id)).toEqual(['reads', 'no-prod'])
  })
})
