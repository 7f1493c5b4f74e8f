// Turn step outputs into findings: each analysis gets the concatenated outputs of the steps it names (all regions),
// or undefined where those steps all failed, so the analyzer can say what it could not see.
import { readFileSync } from 'node:fs'
import type { ActionOutput } from '../actions/types.js'
import type { EbsPrices } from '../analyzers/ebs-prices.js'
import { getAnalyzer } from '../analyzers/registry.js'
import type { AnalyzerContext, Finding } from '../analyzers/types.js'
import { bySeverity } from '../analyzers/util.js'
import type { PlanAnalysis } from '../planner/types.js'

export function gatherInput(stepIds: readonly string[], outputs: Map<string, ActionOutput>): ActionOutput | undefined {
  const present = stepIds.map((id) => outputs.get(id)).filter((o): o is ActionOutput => Boolean(o))
  if (present.length === 0) return undefined
  return { items: present.flatMap((o) => o.items), notes: present.flatMap((o) => o.notes ?? []) }
}

let context: AnalyzerContext | undefined

/** The reference data analyzers read (they do no I/O themselves), loaded once. */
export function analyzerContext(): AnalyzerContext {
  const ebsPrices = new URL('../../data/ebs-prices.json', import.meta.url)
  context ??= { ebsPrices: JSON.parse(readFileSync(ebsPrices, 'utf8')) as EbsPrices }
  return context
}

export function runAnalyses(analyses: readonly PlanAnalysis[], outputs: Map<string, ActionOutput>): Finding[] {
  const findings: Finding[] = []
  for (const a of analyses) {
    const analyzer = getAnalyzer(a.analyzer)
    if (!analyzer) throw new Error(`unknown analyzer ${a.analyzer}`)
    const inputs = Object.fromEntries(Object.entries(a.inputs).map(([name, ids]) => [name, gatherInput(ids, outputs)]))
    findings.push(...analyzer.analyze(inputs, a.with, analyzerContext()))
  }
  const unique = new Map(findings.map((f) => [f.id, f]))
  return [...unique.values()].sort(bySeverity)
}
