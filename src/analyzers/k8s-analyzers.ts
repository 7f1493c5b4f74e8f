// The Kubernetes analyzers. One file per analyzer; keep this list sorted by id.
import { erase } from './define.js'
import k8sClaims from './k8s-claims.js'
import k8sCpuPressure from './k8s-cpu-pressure.js'
import k8sCrashloop from './k8s-crashloop.js'
import k8sHpa from './k8s-hpa.js'
import k8sJobs from './k8s-jobs.js'
import k8sMemoryPressure from './k8s-memory-pressure.js'
import k8sNodeConditions from './k8s-node-conditions.js'
import k8sDiagnose from './k8s-object-diagnosis.js'
import k8sPdb from './k8s-pdb.js'
import k8sPending from './k8s-pending.js'
import k8sRollout from './k8s-rollout.js'
import k8sServiceEndpoints from './k8s-service-endpoints.js'
import k8sWarningEvents from './k8s-warning-events.js'
import k8sWorkloadReplicas from './k8s-workload-replicas.js'
import type { Analyzer } from './types.js'

export const k8sAnalyzers: Analyzer[] = [
  erase(k8sClaims),
  erase(k8sCpuPressure),
  erase(k8sCrashloop),
  erase(k8sDiagnose),
  erase(k8sHpa),
  erase(k8sJobs),
  erase(k8sMemoryPressure),
  erase(k8sNodeConditions),
  erase(k8sPdb),
  erase(k8sPending),
  erase(k8sRollout),
  erase(k8sServiceEndpoints),
  erase(k8sWarningEvents),
  erase(k8sWorkloadReplicas),
]
