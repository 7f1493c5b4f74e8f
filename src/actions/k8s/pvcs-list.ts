import { coreApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.pvcs.list',
  description: 'PersistentVolumeClaims with their phase, requested size, storage class and bound volume.',
  resource: 'persistentvolumeclaims',
  selectors: ['label_selector'],
  api: coreApi,
  inNamespace: (api, q) => api.listNamespacedPersistentVolumeClaim(q),
  allNamespaces: (api, q) => api.listPersistentVolumeClaimForAllNamespaces(q),
})
