import { appsApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.daemonsets.list',
  description: 'DaemonSets with desired, scheduled, ready and misscheduled pod counts.',
  resource: 'daemonsets',
  selectors: ['label_selector'],
  api: appsApi,
  inNamespace: (api, q) => api.listNamespacedDaemonSet(q),
  allNamespaces: (api, q) => api.listDaemonSetForAllNamespaces(q),
})
