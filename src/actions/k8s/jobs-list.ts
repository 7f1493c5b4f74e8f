import { batchApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.jobs.list',
  description: 'Jobs with their conditions, counts of succeeded and failed pods, and owner (a CronJob).',
  resource: 'jobs',
  selectors: ['label_selector'],
  api: batchApi,
  inNamespace: (api, q) => api.listNamespacedJob(q),
  allNamespaces: (api, q) => api.listJobForAllNamespaces(q),
})
