// The Kubernetes analyzers. One file per analyzer; keep this list sorted by id.
import k8sCpuPressure from './k8s-cpu-pressure.js'
import k8sCrashloop from './k8s-crashloop.js'
import k8sMemoryPressure from './k8s-memory-pressure.js'
import k8sNodeConditions from './k8s-node-conditions.js'
import k8sPending from './k8s-pending.js'
import k8sRollout from './k8s-rollout.js'
import k8sWarningEvents from './k8s-warning-events.js'
import type { AnalyzerDefinition } from './types.js'

// biome-ignore lint/suspicious/noExplicitAny: each analyzer has its own options type
export const k8sAnalyzers: AnalyzerDefinition<any>[] = [
  k8sCpuPressure,
  k8sCrashloop,
  k8sMemoryPressure,
  k8sNodeConditions,
  k8sPending,
  k8sRollout,
  k8sWarningEvents,
]
