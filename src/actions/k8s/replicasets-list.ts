import { appsApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.replicasets.list',
  description: 'ReplicaSets (the revisions of deployments) with their replica counts and conditions.',
  resource: 'replicasets',
  selectors: ['label_selector'],
  api: appsApi,
  inNamespace: (api, q) => api.listNamespacedReplicaSet(q),
  allNamespaces: (api, q) => api.listReplicaSetForAllNamespaces(q),
})
