// Proof that the test servers are real implementations reached through the product's own clients.
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer'
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2'
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { resetMoto, seedCostExplorer } from '../support/servers/moto.js'
import { createSecurityGroup, ec2, tcp } from '../support/servers/seed-aws.js'
import { createNamespace, createPod, podStatus } from '../support/servers/seed-k8s.js'

const moto = inject('moto')
const kube = inject('kube')

function client(kubeconfigPath: string): CoreV1Api {
  const kc = new KubeConfig()
  kc.loadFromFile(kubeconfigPath)
  return kc.makeApiClient(CoreV1Api)
}

describe('moto is a real AWS API server', () => {
  beforeAll(() => resetMoto(moto.endpoint))

  it('DescribeSecurityGroups returns a group this test created', async () => {
    const client = ec2(moto.endpoint, 'eu-west-1')
    const id = await createSecurityGroup(client, 'proof-ssh', [tcp(22, '0.0.0.0/0')])
    const { SecurityGroups } = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))
    expect(SecurityGroups?.[0]?.GroupName).toBe('proof-ssh')
    expect(SecurityGroups?.[0]?.IpPermissions?.[0]).toMatchObject({ FromPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })
  })

  it('Cost Explorer returns the results seeded through moto-api', async () => {
    await seedCostExplorer(moto.endpoint, [
      {
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
            Total: {},
            Groups: [{ Keys: ['Amazon EC2'], Metrics: { UnblendedCost: { Amount: '12.5', Unit: 'USD' } } }],
            Estimated: false,
          },
        ],
      },
    ])
    const ce = new CostExplorerClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    })
    const r = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    )
    expect(r.ResultsByTime?.[0]?.Groups?.[0]?.Keys).toEqual(['Amazon EC2'])
  })
})

describe('kube-apiserver is a real Kubernetes API server', () => {
  it('listNamespacedPod returns a pod this test created, with the status it wrote', async () => {
    await createNamespace(kube, 'proof')
    await createPod(kube, {
      namespace: 'proof',
      name: 'crasher',
      status: podStatus.crashLoop('app', { restarts: 7, exitCode: 2 }),
    })
    const pods = await client(kube.kubeconfig).listNamespacedPod({ namespace: 'proof' })
    const pod = pods.items.find((p) => p.metadata?.name === 'crasher')
    expect(pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff')
    expect(pod?.status?.containerStatuses?.[0]?.restartCount).toBe(7)
  })

  it('the read-only user gets 403 outside its namespace', async () => {
    const viewer = client(kube.restrictedKubeconfig)
    await expect(viewer.listNamespacedPod({ namespace: 'viewer-ns' })).resolves.toBeDefined()
    const err = await viewer.listNode().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiException)
    expect((err as ApiException<unknown>).code).toBe(403)
  })

  it('reports its real version', async () => {
    const r = await fetch(`${kube.server}/version`).catch(() => null)
    // fetch cannot trust the test CA; the version is checked through the API client instead.
    expect(r).toBeNull()
    const kc = new KubeConfig()
    kc.loadFromFile(kube.kubeconfig)
    const { VersionApi } = await import('@kubernetes/client-node')
    const v = await kc.makeApiClient(VersionApi).getCode()
    expect(v.gitVersion).toMatch(/^v1\.33\.\d+$/)
  })
})
