// The AWS analyzers as the registry keeps them: what each declares about itself matches how the shipped playbooks
// use it. `inputs[].from` says which actions feed an input, and a playbook that binds the input to a step running
// another action (or a playbook that leaves out a required input) is a drift this catches.
import { describe, expect, it } from 'vitest'
import { actionIds } from '../../src/actions/registry.js'
import { awsAnalyzers } from '../../src/analyzers/aws-analyzers.js'
import { getAnalyzer } from '../../src/analyzers/registry.js'
import { resolvePaths } from '../../src/config/paths.js'
import { checkPlaybook } from '../../src/planner/check.js'
import { loadPlaybooks } from '../../src/planner/load.js'

const playbooks = (await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })).filter(
  (p) => p.playbook.metadata.provider === 'aws',
)
const uses = playbooks.flatMap((p) =>
  p.playbook.analyze.map((a) => ({ playbook: p.playbook.metadata.name, steps: p.playbook.steps, a })),
)

describe('the AWS analyzers', () => {
  it('are registered by id, sorted, each once', () => {
    const ids = awsAnalyzers.map((a) => a.id)
    expect(ids).toEqual([
      'aws-diagnose',
      'cost-change-by-service',
      'ebs-unattached',
      'ec2-hardening',
      'ec2-idle',
      'ec2-inventory',
      's3-public-access',
      'sg-open-ingress',
    ])
    for (const id of ids) expect(getAnalyzer(id)?.id).toBe(id)
  })

  it.each(awsAnalyzers.map((a) => [a.id, a] as const))(
    '%s says what it does, and is run by a shipped playbook',
    (id, a) => {
      expect(a.description.length).toBeGreaterThan(20)
      expect(uses.some((u) => u.a.analyzer === id)).toBe(true)
    },
  )

  it.each(awsAnalyzers.map((a) => [a.id, a] as const))('%s reads each input from the actions it names', (id, a) => {
    const known = new Set(actionIds())
    for (const input of a.inputs) {
      expect(input.from.length, `${id}.${input.name}`).toBeGreaterThan(0)
      for (const action of input.from) expect(known.has(action), `${id}.${input.name}: ${action}`).toBe(true)
    }
    for (const { playbook, steps, a: use } of uses.filter((u) => u.a.analyzer === id)) {
      for (const [name, stepId] of Object.entries(use.inputs)) {
        const input = a.inputs.find((x) => x.name === name)
        const action = steps.find((s) => s.id === stepId)?.action
        expect(input?.from, `${playbook}: ${id}.${name} ← ${action}`).toContain(action)
      }
      for (const input of a.inputs.filter((x) => !x.optional)) {
        expect(Object.keys(use.inputs), `${playbook} binds ${id}.${input.name}`).toContain(input.name)
      }
    }
  })

  // A playbook may leave an optional input out (the analyzer then says what it could not see); a required one, not.
  const optional: Record<string, string[]> = {
    'aws-diagnose': ['status', 'cpu'],
    'cost-change-by-service': [],
    'ebs-unattached': [],
    'ec2-hardening': ['volumes'],
    'ec2-idle': ['cpu', 'volumes'],
    'ec2-inventory': [],
    'sg-open-ingress': [],
  }
  it.each(Object.entries(optional))(
    '%s accepts a playbook without its optional inputs %j, and refuses one without a required input',
    async (id, dropped) => {
      const loaded = playbooks.find((p) => p.playbook.analyze.some((a) => a.analyzer === id))
      if (!loaded) throw new Error(`no playbook runs ${id}`)
      const pb = loaded.playbook
      const entry = pb.analyze.find((a) => a.analyzer === id) ?? pb.analyze[0]
      const all = entry?.inputs ?? {}
      const keep = (drop: string[]) => Object.fromEntries(Object.entries(all).filter(([n]) => !drop.includes(n)))
      const problems = async (inputs: Record<string, string>) => {
        const changed = { ...pb, analyze: [{ ...entry, inputs }] } as typeof pb
        return (await checkPlaybook(changed, '', 'test.yaml', 'shipped')).map((p) => p.message)
      }
      expect(
        dropped.every((name) => name in all),
        `${loaded.playbook.metadata.name} binds ${dropped}`,
      ).toBe(true)
      expect(await problems(keep(dropped))).toEqual([])
      for (const name of Object.keys(all).filter((n) => !dropped.includes(n))) {
        expect(await problems(keep([name]))).toEqual([`${id} needs input "${name}"`])
      }
    },
  )
})
