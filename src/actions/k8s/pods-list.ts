import { coreApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.pods.list',
  description: 'Pods with their resources, status, restarts and last termination state.',
  resource: 'pods',
  selectors: ['label_selector', 'field_selector'],
  api: coreApi,
  inNamespace: (api, q) => api.listNamespacedPod(q),
  allNamespaces: (api, q) => api.listPodForAllNamespaces(q),
})
