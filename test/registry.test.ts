// Meta-tests over the catalogues, in the Cloud Custodian style: every element declares what reviewers rely on.
import { describe, expect, it } from 'vitest'
import { actionIds, loadAllActions } from '../src/actions/registry.js'
import { analyzerIds, getAnalyzer } from '../src/analyzers/registry.js'
import { resolvePaths } from '../src/config/paths.js'
import { analyzerContext } from '../src/engine/analyze.js'
import { loadPlaybooks } from '../src/planner/load.js'
import { validatorForObject } from '../src/schema/validator.js'

describe('the action catalogue', async () => {
  const actions = await loadAllActions()
  it.each(actions.map((a) => [a.id, a]))('%s declares risk read, a strict params schema and permissions', (_, a) => {
    expect(a.risk).toBe('read')
    expect(a.params).toMatchObject({ type: 'object', additionalProperties: false })
    expect(() => validatorForObject(a.params)).not.toThrow()
    expect(a.permissions.length).toBeGreaterThan(0)
    expect(a.id.startsWith(a.provider === 'aws' ? 'aws.' : 'k8s.')).toBe(true)
  })
  it('every action is used by a playbook, or is a declared building block', async () => {
    const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
    const used = new Set(playbooks.flatMap((p) => p.playbook.steps.map((s) => s.action)))
    for (const a of actions) expect(used.has(a.id) || a.building_block, a.id).toBeTruthy()
    expect(actionIds()).toEqual([...actionIds()].sort())
  })
})

describe('the analyzer catalogue', () => {
  it.each(analyzerIds())('%s has inputs, a strict options schema, and survives missing inputs', (id) => {
    const a = getAnalyzer(id)
    expect(a?.inputs.length).toBeGreaterThan(0)
    expect(a?.with).toMatchObject({ type: 'object', additionalProperties: false })
    const findings = a?.analyze({}, {}, analyzerContext()) ?? []
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) expect(f.severity).toBe('info')
  })
})
