// The Kubernetes analyzers. One file per analyzer; keep this list sorted by id.
import { erase } from './define.js'
import k8sCpuPressure from './k8s-cpu-pressure.js'
import k8sCrashloop from './k8s-crashloop.js'
import k8sMemoryPressure from './k8s-memory-pressure.js'
import k8sNodeConditions from './k8s-node-conditions.js'
import k8sDiagnose from './k8s-object-diagnosis.js'
import k8sPending from './k8s-pending.js'
import k8sRollout from './k8s-rollout.js'
import k8sWarningEvents from './k8s-warning-events.js'
import type { Analyzer } from './types.js'

export const k8sAnalyzers: Analyzer[] = [
  erase(k8sCpuPressure),
  erase(k8sCrashloop),
  erase(k8sDiagnose),
  erase(k8sMemoryPressure),
  erase(k8sNodeConditions),
  erase(k8sPending),
  erase(k8sRollout),
  erase(k8sWarningEvents),
]
