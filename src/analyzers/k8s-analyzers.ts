// The Kubernetes analyzers. One file per analyzer; keep this list sorted by id.
import type { AnalyzerDefinition } from './types.js'

// biome-ignore lint/suspicious/noExplicitAny: each analyzer has its own options type
export const k8sAnalyzers: AnalyzerDefinition<any>[] = []
