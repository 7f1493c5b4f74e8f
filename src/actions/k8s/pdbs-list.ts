import { policyApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.pdbs.list',
  description: 'PodDisruptionBudgets with expected and healthy pods and the disruptions they allow now.',
  resource: 'poddisruptionbudgets',
  selectors: ['label_selector'],
  api: policyApi,
  inNamespace: (api, q) => api.listNamespacedPodDisruptionBudget(q),
  allNamespaces: (api, q) => api.listPodDisruptionBudgetForAllNamespaces(q),
})
