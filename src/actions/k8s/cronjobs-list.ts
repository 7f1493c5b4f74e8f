import { batchApi } from '../../clients/k8s.js'
import { namespacedListAction } from './namespaced-list.js'

export default namespacedListAction({
  id: 'k8s.cronjobs.list',
  description: 'CronJobs with their schedule, whether suspended, and last schedule and success times.',
  resource: 'cronjobs',
  selectors: ['label_selector'],
  api: batchApi,
  inNamespace: (api, q) => api.listNamespacedCronJob(q),
  allNamespaces: (api, q) => api.listCronJobForAllNamespaces(q),
})
