// Kubernetes actions, by id. One file per action; keep this list sorted.
import type { ActionLoader } from '../types.js'

export const k8sActions: Record<string, ActionLoader> = {
  'k8s.cronjobs.list': () => import('./cronjobs-list.js'),
  'k8s.daemonsets.list': () => import('./daemonsets-list.js'),
  'k8s.deployments.list': () => import('./deployments-list.js'),
  'k8s.endpointslices.list': () => import('./endpointslices-list.js'),
  'k8s.events.list': () => import('./events-list.js'),
  'k8s.hpas.list': () => import('./hpas-list.js'),
  'k8s.jobs.list': () => import('./jobs-list.js'),
  'k8s.metrics.node_usage': () => import('./metrics-node-usage.js'),
  'k8s.metrics.pod_usage': () => import('./metrics-pod-usage.js'),
  'k8s.nodes.list': () => import('./nodes-list.js'),
  'k8s.objects.context': () => import('./objects-context.js'),
  'k8s.objects.find': () => import('./objects-find.js'),
  'k8s.objects.pods': () => import('./objects-pods.js'),
  'k8s.objects.references': () => import('./objects-references.js'),
  'k8s.pdbs.list': () => import('./pdbs-list.js'),
  'k8s.pods.list': () => import('./pods-list.js'),
  'k8s.pods.previous_logs': () => import('./pods-previous-logs.js'),
  'k8s.pvcs.list': () => import('./pvcs-list.js'),
  'k8s.replicasets.list': () => import('./replicasets-list.js'),
  'k8s.services.list': () => import('./services-list.js'),
  'k8s.statefulsets.list': () => import('./statefulsets-list.js'),
}
