// One namespace holding each state k8s-cluster-triage looks for, broken and healthy side by side, written as the
// kubelets and controllers would write them (none run against the test kube-apiserver).
import type { Kube } from './kube.js'
import { createClaim, createJob, createService, createWorkload, ownedBy } from './seed-diagnose.js'
import { createWithStatus, podStatus } from './seed-k8s.js'

type Obj = Record<string, unknown>
type Admin = Pick<Kube, 'server' | 'ca' | 'adminToken'>

const at = '2026-11-30T10:00:00Z'
const later = '2026-11-30T11:00:00Z'

function pod(kube: Admin, namespace: string, name: string, spec: Obj, status: Obj): Promise<Obj> {
  return createWithStatus(kube, `/api/v1/namespaces/${namespace}/pods`, { metadata: { name }, spec }, status)
}

const app = { name: 'app', image: 'registry.example/app:1.0' }
const waiting = (name: string, reason: string, message?: string, restartCount = 0) => ({
  name,
  image: 'registry.example/app:1.0',
  imageID: '',
  ready: false,
  restartCount,
  state: { waiting: { reason, ...(message ? { message } : {}) } },
})

export async function seedTriageEstate(kube: Admin, ns: string): Promise<void> {
  // Containers: an init container crash-looping (the pod stays Pending), an image that cannot be pulled, an OOM kill.
  await pod(
    kube,
    ns,
    'migrate-first',
    { initContainers: [{ name: 'migrate', image: 'registry.example/migrate:1.0' }], containers: [app] },
    {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      initContainerStatuses: [
        {
          ...waiting('migrate', 'CrashLoopBackOff', 'back-off 5m0s restarting failed container', 4),
          lastState: { terminated: { exitCode: 3, reason: 'Error', startedAt: at, finishedAt: at } },
        },
      ],
      containerStatuses: [waiting('app', 'PodInitializing')],
    },
  )
  await pod(
    kube,
    ns,
    'typo-image',
    { containers: [app] },
    {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      containerStatuses: [waiting('app', 'ImagePullBackOff', 'Back-off pulling image "registry.example/ap:1.0"')],
    },
  )
  await pod(
    kube,
    ns,
    'leaky',
    { containers: [app] },
    {
      ...podStatus.running(['app']),
      containerStatuses: [
        {
          name: 'app',
          image: 'registry.example/app:1.0',
          imageID: '',
          ready: true,
          restartCount: 2,
          state: { running: { startedAt: at } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: at, finishedAt: at } },
        },
      ],
    },
  )
  await pod(kube, ns, 'fine', { containers: [app] }, podStatus.running(['app']))

  // Claims: one Pending, one Lost, one Bound.
  await createClaim(kube, { namespace: ns, name: 'data-pending', phase: 'Pending' })
  await createClaim(kube, { namespace: ns, name: 'data-lost', phase: 'Lost' })
  await createClaim(kube, { namespace: ns, name: 'data-ok', phase: 'Bound' })

  // Services: one whose only endpoint is not ready, one served.
  await createService(kube, { namespace: ns, name: 'checkout', selector: { app: 'checkout' } })
  await createService(kube, { namespace: ns, name: 'web', selector: { app: 'web' } })
  const slice = (service: string, ready: boolean) =>
    createWithStatus(kube, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, {
      metadata: { name: `${service}-abc12`, labels: { 'kubernetes.io/service-name': service } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.7'], conditions: { ready } }],
      ports: [{ port: 80, protocol: 'TCP' }],
    })
  await slice('checkout', false)
  await slice('web', true)

  // Jobs: a failed one on its own; a CronJob whose last run failed after an earlier success.
  const failed = (message: string) => ({
    failed: 3,
    startTime: at,
    conditions: [
      { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message },
      { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message },
    ],
  })
  await createJob(kube, {
    namespace: ns,
    name: 'reindex',
    status: failed('Job has reached the specified backoff limit'),
  })
  const cron = await createWithStatus(kube, `/apis/batch/v1/namespaces/${ns}/cronjobs`, {
    metadata: { name: 'nightly' },
    spec: {
      schedule: '0 2 * * *',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'j:1' }] } } },
      },
    },
  })
  const owners = ownedBy('batch/v1', 'CronJob', cron)
  await createJob(kube, {
    namespace: ns,
    name: 'nightly-29100',
    owners,
    status: {
      succeeded: 1,
      startTime: at,
      completionTime: at,
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True' },
        { type: 'Complete', status: 'True' },
      ],
    },
  })
  await createJob(kube, {
    namespace: ns,
    name: 'nightly-29101',
    owners,
    status: { ...failed('Job has reached the specified backoff limit'), startTime: later },
  })

  // Workloads short of desired: a StatefulSet with none ready, a DaemonSet with one of three.
  await createWorkload(kube, 'StatefulSet', {
    namespace: ns,
    name: 'db',
    labels: { app: 'db' },
    spec: { replicas: 3, serviceName: 'db' },
    status: { replicas: 3, readyReplicas: 0, currentReplicas: 3, updatedReplicas: 3 },
  })
  await createWorkload(kube, 'DaemonSet', {
    namespace: ns,
    name: 'agent',
    labels: { app: 'agent' },
    status: {
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 1,
      numberUnavailable: 1,
      numberMisscheduled: 0,
    },
  })

  // Autoscalers: one that cannot read its metric, one at its maximum.
  const hpa = (name: string, status: Obj) =>
    createWithStatus(
      kube,
      `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`,
      {
        metadata: { name },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 2,
          maxReplicas: 10,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          ],
        },
      },
      status,
    )
  await hpa('search', {
    currentReplicas: 2,
    desiredReplicas: 2,
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', lastTransitionTime: at },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message: 'the HPA was unable to compute the replica count: failed to get cpu utilization',
        lastTransitionTime: at,
      },
    ],
  })
  await hpa('api', {
    currentReplicas: 10,
    desiredReplicas: 10,
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', lastTransitionTime: at },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', lastTransitionTime: at },
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
        lastTransitionTime: at,
      },
    ],
  })

  // A disruption budget that allows none: every drain of a node running one of its pods will wait.
  await createWithStatus(
    kube,
    `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`,
    { metadata: { name: 'db' }, spec: { minAvailable: 3, selector: { matchLabels: { app: 'db' } } } },
    { expectedPods: 3, currentHealthy: 0, desiredHealthy: 3, disruptionsAllowed: 0, observedGeneration: 1 },
  )
}
