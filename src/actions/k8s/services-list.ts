import { coreApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.services.list',
  description: 'Services with their type, selector and ports.',
  resource: 'services',
  selectors: ['label_selector'],
  api: coreApi,
  inNamespace: (api, q) => api.listNamespacedService(q),
  allNamespaces: (api, q) => api.listServiceForAllNamespaces(q),
})
