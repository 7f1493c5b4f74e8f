// The floor for k8s-pending-pods: list every pod and every event, 500 a page, with the official client.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node'

const kc = new KubeConfig()
kc.loadFromDefault()
const api = kc.makeApiClient(CoreV1Api)
async function count(list) {
  let n = 0
  let _continue
  do {
    const page = await list({ limit: 500, _continue })
    n += page.items.length
    _continue = page.metadata?._continue
  } while (_continue)
  return n
}
const [pods, events] = await Promise.all([
  count((q) => api.listPodForAllNamespaces(q)),
  count((q) => api.listEventForAllNamespaces(q)),
])
process.stdout.write(`${pods} ${events}\n`)
