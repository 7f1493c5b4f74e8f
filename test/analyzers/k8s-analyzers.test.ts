// The Kubernetes analyzer catalogue, against the shipped playbooks that run it: each analyzer is registered under
// its id, says what it does, reads its inputs from the actions that produce them, and needs exactly the inputs it
// cannot do without (a playbook may leave the optional ones out; the planner refuses one that leaves out the others).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { actionIds } from '../../src/actions/registry.js'
import { k8sAnalyzers } from '../../src/analyzers/k8s-analyzers.js'
import { analyzerIds, getAnalyzer } from '../../src/analyzers/registry.js'
import { analyzerContext } from '../../src/engine/analyze.js'
import { checkPlaybook } from '../../src/planner/check.js'
import { readPlaybookFile, shippedPlaybooksDir } from '../../src/planner/load.js'
import type { Playbook } from '../../src/planner/playbook.js'

/** Each Kubernetes analyzer: the shipped playbook that runs it, and its inputs, required or optional. */
const catalogue = [
  { id: 'k8s-claims', playbook: 'k8s-cluster-triage', required: ['claims'], optional: [] },
  {
    id: 'k8s-cpu-pressure',
    playbook: 'k8s-cpu-pressure',
    required: ['nodes', 'pods'],
    optional: ['node_usage', 'pod_usage'],
  },
  { id: 'k8s-crashloop', playbook: 'k8s-crashloop-pods', required: ['pods'], optional: ['logs'] },
  {
    id: 'k8s-diagnose',
    playbook: 'k8s-diagnose',
    required: ['target', 'pods'],
    optional: ['context', 'references', 'logs'],
  },
  { id: 'k8s-hpa', playbook: 'k8s-cluster-triage', required: ['hpas'], optional: [] },
  { id: 'k8s-jobs', playbook: 'k8s-cluster-triage', required: ['jobs'], optional: ['cronjobs'] },
  {
    id: 'k8s-memory-pressure',
    playbook: 'k8s-memory-pressure',
    required: ['nodes', 'pods'],
    optional: ['node_usage', 'pod_usage'],
  },
  { id: 'k8s-node-conditions', playbook: 'k8s-node-health', required: ['nodes'], optional: [] },
  { id: 'k8s-pdb', playbook: 'k8s-cluster-triage', required: ['pdbs'], optional: [] },
  { id: 'k8s-pending', playbook: 'k8s-pending-pods', required: ['pods'], optional: ['events'] },
  {
    id: 'k8s-rollout',
    playbook: 'k8s-deployment-rollout',
    required: ['deployments'],
    optional: ['replicasets', 'events'],
  },
  {
    id: 'k8s-service-endpoints',
    playbook: 'k8s-cluster-triage',
    required: ['services', 'endpointslices'],
    optional: [],
  },
  { id: 'k8s-warning-events', playbook: 'k8s-warning-events', required: ['events'], optional: [] },
  {
    id: 'k8s-workload-replicas',
    playbook: 'k8s-cluster-triage',
    required: [],
    optional: ['statefulsets', 'daemonsets'],
  },
]

async function shipped(name: string) {
  const file = join(shippedPlaybooksDir, 'kubernetes', `${name}.yaml`)
  const loaded = await readPlaybookFile(file, 'shipped')
  if (!loaded.ok) throw new Error(`${name}: ${JSON.stringify(loaded.problems)}`)
  return { file, text: readFileSync(file, 'utf8'), playbook: loaded.loaded.playbook }
}

describe('the Kubernetes analyzer catalogue', () => {
  it('lists every Kubernetes analyzer once, sorted by id, each one the registry serves under that id', () => {
    const listed = k8sAnalyzers.map((a) => a.id)
    expect(listed).toEqual(catalogue.map((c) => c.id))
    for (const a of k8sAnalyzers) expect(getAnalyzer(a.id)?.id).toBe(a.id)
    expect(analyzerIds().filter((id) => id.startsWith('k8s-'))).toEqual(listed)
  })

  it.each(catalogue)('$id says what it does and reads its inputs from actions that exist', ({ id }) => {
    const a = getAnalyzer(id)
    expect(a?.description.trim().length).toBeGreaterThan(20)
    for (const input of a?.inputs ?? []) {
      expect(input.from.length, input.name).toBeGreaterThan(0)
      for (const action of input.from) expect(actionIds(), `${id} ${input.name}`).toContain(action)
    }
  })

  it.each(catalogue)('$id: its playbook binds each input to a step running an action it reads from', async (c) => {
    const { playbook } = await shipped(c.playbook)
    const a = getAnalyzer(c.id)
    const entry = playbook.analyze.find((x) => x.analyzer === c.id)
    expect(Object.keys(entry?.inputs ?? {}).sort()).toEqual([...c.required, ...c.optional].sort())
    for (const input of a?.inputs ?? []) {
      const step = playbook.steps.find((s) => s.id === entry?.inputs[input.name])
      expect(input.from, `${c.id} ${input.name} ← ${step?.action}`).toContain(step?.action)
    }
  })

  it.each(catalogue)('$id: a playbook may leave out only its optional inputs', async (c) => {
    const { file, text, playbook } = await shipped(c.playbook)
    const a = getAnalyzer(c.id)
    expect(a?.inputs.filter((i) => !i.optional).map((i) => i.name)).toEqual(c.required)
    expect(a?.inputs.filter((i) => i.optional).map((i) => i.name)).toEqual(c.optional)
    const without = (name: string): Playbook => ({
      ...playbook,
      analyze: playbook.analyze.map((x) => {
        if (x.analyzer !== c.id) return x
        const { [name]: _, ...rest } = x.inputs
        return { ...x, inputs: rest }
      }),
    })
    expect(await checkPlaybook(playbook, text, file, 'shipped')).toEqual([])
    for (const name of c.optional) expect(await checkPlaybook(without(name), text, file, 'shipped')).toEqual([])
    for (const name of c.required) {
      const problems = await checkPlaybook(without(name), text, file, 'shipped')
      expect(problems.map((p) => p.message)).toEqual([`${c.id} needs input "${name}"`])
    }
  })
})

describe('the analyzer registry', () => {
  it('lists every analyzer id sorted, AWS and Kubernetes alike', () => {
    const all = analyzerIds()
    expect(all).toEqual([...all].sort())
    expect(all).toContain('sg-open-ingress')
    expect(all).toContain('k8s-crashloop')
    expect(new Set(all).size).toBe(all.length)
  })

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'k8s-crashloop '])(
    'serves no analyzer for the name %j',
    (name) => {
      expect(getAnalyzer(name)).toBeUndefined()
    },
  )

  it('an analyzer served by the registry passes its options through to the analyzer unchanged', () => {
    const a = getAnalyzer('k8s-crashloop')
    const status = {
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 2, image: 'x', imageID: 'x' }],
    }
    const pods = { items: [{ metadata: { namespace: 'shop', name: 'p' }, status }] }
    expect(a?.analyze({ pods }, { restart_threshold: 2 }, analyzerContext()).map((f) => f.id)).toEqual([
      'k8s-crashloop:shop/p:app',
    ])
    expect(a?.analyze({ pods }, { restart_threshold: 3 }, analyzerContext())).toEqual([])
  })
})
