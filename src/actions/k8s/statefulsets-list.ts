import { appsApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.statefulsets.list',
  description: 'StatefulSets with desired, ready and updated replica counts.',
  resource: 'statefulsets',
  selectors: ['label_selector'],
  api: appsApi,
  inNamespace: (api, q) => api.listNamespacedStatefulSet(q),
  allNamespaces: (api, q) => api.listStatefulSetForAllNamespaces(q),
})
