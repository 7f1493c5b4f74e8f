// Nodes and pods near their CPU requests or limits, top consumers, pods without limits.
import { pressureInputs, resourcePressure, thresholdOption } from './k8s-resource-pressure.js'
import type { AnalyzerDefinition } from './types.js'

const analyzer: AnalyzerDefinition<{ threshold_percent?: number }> = {
  id: 'k8s-cpu-pressure',
  description: 'CPU requested or used near node allocatable, containers near CPU limits, pods without limits.',
  inputs: pressureInputs,
  with: thresholdOption,
  analyze: (inputs, o) => resourcePressure('k8s-cpu-pressure', 'cpu', inputs, o.threshold_percent ?? 80),
}
export default analyzer
