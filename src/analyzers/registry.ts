// Analyzers by id. They are pure and light, so they are imported directly.
import { awsAnalyzers } from './aws-analyzers.js'
import { k8sAnalyzers } from './k8s-analyzers.js'
import type { Analyzer } from './types.js'

const analyzers: Record<string, Analyzer> = Object.fromEntries([...awsAnalyzers, ...k8sAnalyzers].map((a) => [a.id, a]))

export function analyzerIds(): string[] {
  return Object.keys(analyzers).sort()
}

export function getAnalyzer(id: string): Analyzer | undefined {
  return Object.hasOwn(analyzers, id) ? analyzers[id] : undefined
}
