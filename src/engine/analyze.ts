// Turn step outputs into findings: each analysis gets the concatenated outputs of the steps it names (all regions),
// or undefined where those steps all failed, so the analyzer can say what it could not see.
import type { ActionOutput } from '../actions/types.js'
import { getAnalyzer } from '../analyzers/registry.js'
import type { Finding } from '../analyzers/types.js'
import { bySeverity } from '../analyzers/util.js'
import type { PlanAnalysis } from '../planner/types.js'

export function gatherInput(stepIds: readonly string[], outputs: Map<string, ActionOutput>): ActionOutput | undefined {
  const present = stepIds.map((id) => outputs.get(id)).filter((o): o is ActionOutput => Boolean(o))
  if (present.length === 0) return undefined
  return { items: present.flatMap((o) => o.items), notes: present.flatMap((o) => o.notes ?? []) }
}

export function runAnalyses(analyses: readonly PlanAnalysis[], outputs: Map<string, ActionOutput>): Finding[] {
  const findings: Finding[] = []
  for (const a of analyses) {
    const analyzer = getAnalyzer(a.analyzer)
    if (!analyzer) throw new Error(`unknown analyzer ${a.analyzer}`)
    const inputs = Object.fromEntries(Object.entries(a.inputs).map(([name, ids]) => [name, gatherInput(ids, outputs)]))
    findings.push(...analyzer.analyze(inputs, a.with))
  }
  const unique = new Map(findings.map((f) => [f.id, f]))
  return [...unique.values()].sort(bySeverity)
}
