// The sandbox's demo estate: one of each problem the shipped playbooks look for.
import type { Kube } from './kube.js'
import { costGroup, costResult, seedCostExplorer } from './moto.js'
import { allTraffic, createBucket, createSecurityGroup, createVolume, ec2, runInstances, s3, tcp } from './seed-aws.js'
import { createService, seedCrashloopingDeployment, seedStatefulSetOnUnboundClaim } from './seed-diagnose.js'
import {
  createDeployment,
  createEvent,
  createNamespace,
  createNode,
  createPod,
  createReplicaSet,
  deploymentStatus,
  podStatus,
} from './seed-k8s.js'
import { seedTriageEstate } from './seed-triage.js'

export async function seedDemoEstate(opts: { motoEndpoint: string; kube: Pick<Kube, 'server' | 'ca' | 'adminToken'> }) {
  const east = ec2(opts.motoEndpoint, 'us-east-1')
  const west = ec2(opts.motoEndpoint, 'eu-west-1')
  await createSecurityGroup(east, 'bastion-ssh', [tcp(22, '0.0.0.0/0')])
  await createSecurityGroup(west, 'legacy-rdp', [tcp(3389, '0.0.0.0/0')])
  await createSecurityGroup(west, 'debug-everything', [allTraffic('0.0.0.0/0')])
  await createSecurityGroup(east, 'web', [tcp(443, '0.0.0.0/0'), tcp(80, '0.0.0.0/0')])
  await createSecurityGroup(east, 'internal-ssh', [tcp(22, '10.0.0.0/8')])
  await createVolume(east, 'us-east-1', { sizeGiB: 500, type: 'gp3', tags: { Name: 'old-db-backup' } })
  await createVolume(west, 'eu-west-1', { sizeGiB: 100, type: 'io1' })
  await runInstances(east, { type: 'm5.large', tags: { Name: 'api', team: 'payments' } })
  await runInstances(east, { type: 't3.small', tags: { Name: 'batch-old' }, stopped: true })
  await createBucket(s3(opts.motoEndpoint), 'public-assets', { publicRead: true })
  // Spend this period and the one before, for `run aws-cost-breakdown`: moto answers queued results in order, two
  // a run, so this is enough for ten runs.
  const now = [
    costGroup('Amazon Elastic Compute Cloud - Compute', '420.00'),
    costGroup('Amazon Simple Storage Service', '31.00'),
    costGroup('Amazon Relational Database Service', '150.00'),
  ]
  const before = [
    costGroup('Amazon Elastic Compute Cloud - Compute', '200.00'),
    costGroup('Amazon Simple Storage Service', '30.00'),
    costGroup('Amazon Relational Database Service', '160.00'),
  ]
  await seedCostExplorer(
    opts.motoEndpoint,
    Array.from({ length: 10 }, () => [costResult(now), costResult(before)]).flat(),
  )

  const k = opts.kube
  await createNode(k, { name: 'node-a', cpu: '4', memory: '16Gi' })
  await createNode(k, { name: 'node-b', cpu: '4', memory: '16Gi', ready: false })
  await createNamespace(k, 'shop')
  await createPod(k, {
    namespace: 'shop',
    name: 'checkout-7d9f',
    node: 'node-a',
    containers: [{ name: 'app', requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } }],
    status: podStatus.crashLoop('app', { restarts: 12, exitCode: 1 }),
  })
  await createPod(k, {
    namespace: 'shop',
    name: 'search-5c4b',
    node: 'node-a',
    containers: [{ name: 'app', requests: { cpu: '3500m', memory: '14Gi' } }],
    status: podStatus.oomKilled('app', { restarts: 3 }),
  })
  await createPod(k, {
    namespace: 'shop',
    name: 'reports-0',
    containers: [{ name: 'app', requests: { cpu: '8', memory: '4Gi' } }],
    status: podStatus.unschedulable('0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint.'),
  })
  await createDeployment(k, {
    namespace: 'shop',
    name: 'cart',
    replicas: 3,
    status: deploymentStatus.stuck(3, 1, 'ReplicaSet "cart-6b8c" has timed out progressing.'),
  })
  await createReplicaSet(k, { namespace: 'shop', name: 'cart-6b8c', deployment: 'cart', replicas: 3, ready: 1 })
  await createEvent(k, {
    namespace: 'shop',
    name: 'reports-0.failed',
    type: 'Warning',
    reason: 'FailedScheduling',
    message: '0/2 nodes are available: 1 Insufficient cpu.',
    object: { kind: 'Pod', name: 'reports-0' },
    count: 14,
  })
  await createEvent(k, {
    namespace: 'shop',
    name: 'checkout.backoff',
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container app',
    object: { kind: 'Pod', name: 'checkout-7d9f' },
    count: 40,
  })
  await seedNamedObjects(k)
}

type Admin = Pick<Kube, 'server' | 'ca' | 'adminToken'>

/** Objects to ask "what's wrong with X?" about: a crash-looping Deployment behind a Service of the same name, a
 * StatefulSet pod waiting on an unbound claim, and a Service that selects nothing. Owners set as controllers would. */
async function seedNamedObjects(k: Admin) {
  await seedCrashloopingDeployment(k, 'shop', 'node-a')
  await seedStatefulSetOnUnboundClaim(k, 'shop')
  await createService(k, { namespace: 'shop', name: 'web-frontend', selector: { app: 'web-frontend' } })
  await createNamespace(k, 'ops')
  await seedTriageEstate(k, 'ops')
}
