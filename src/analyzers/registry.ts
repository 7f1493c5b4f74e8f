// Analyzers by id. They are pure and light, so they are imported directly.
import { awsAnalyzers } from './aws-analyzers.js'
import { k8sAnalyzers } from './k8s-analyzers.js'
import type { AnalyzerDefinition } from './types.js'

const analyzers: Record<string, AnalyzerDefinition> = Object.fromEntries(
  [...awsAnalyzers, ...k8sAnalyzers].map((a) => [a.id, a as AnalyzerDefinition]),
)

export function analyzerIds(): string[] {
  return Object.keys(analyzers).sort()
}

export function getAnalyzer(id: string): AnalyzerDefinition | undefined {
  return Object.hasOwn(analyzers, id) ? analyzers[id] : undefined
}
