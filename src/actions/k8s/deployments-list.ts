import { appsApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.deployments.list',
  description: 'Deployments with their rollout conditions and replica counts.',
  resource: 'deployments',
  selectors: ['label_selector'],
  api: appsApi,
  inNamespace: (api, q) => api.listNamespacedDeployment(q),
  allNamespaces: (api, q) => api.listDeploymentForAllNamespaces(q),
})
