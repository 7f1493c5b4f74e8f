import { discoveryApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.endpointslices.list',
  description: "EndpointSlices: each Service's endpoints and whether each is ready.",
  resource: 'endpointslices',
  selectors: ['label_selector'],
  api: discoveryApi,
  inNamespace: (api, q) => api.listNamespacedEndpointSlice(q),
  allNamespaces: (api, q) => api.listEndpointSliceForAllNamespaces(q),
})
