import { autoscalingApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.hpas.list',
  description:
    'HorizontalPodAutoscalers (autoscaling/v2) with min, max, current and desired replicas and their conditions.',
  resource: 'horizontalpodautoscalers',
  selectors: ['label_selector'],
  api: autoscalingApi,
  inNamespace: (api, q) => api.listNamespacedHorizontalPodAutoscaler(q),
  allNamespaces: (api, q) => api.listHorizontalPodAutoscalerForAllNamespaces(q),
})
