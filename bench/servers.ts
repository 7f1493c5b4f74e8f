// The real servers the scaling benchmarks run against, and how each estate is grown to a given size.
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2'
import { type Kube, startKube } from '../test/support/servers/kube.js'
import { type Moto, startMoto } from '../test/support/servers/moto.js'
import { ec2 } from '../test/support/servers/seed-aws.js'
import { createNamespace, createPod } from '../test/support/servers/seed-k8s.js'
import type { ScalingCase } from './scaling.js'

export interface Servers {
  moto: Moto
  kube: Kube
  vars: Record<string, string>
  stop(): Promise<void>
}

export async function startServers(): Promise<Servers> {
  const [moto, kube] = await Promise.all([startMoto(), startKube()])
  return {
    moto,
    kube,
    vars: { AWS_ENDPOINT_URL: moto.endpoint, KUBECONFIG: kube.kubeconfig },
    stop: async () => {
      await Promise.all([moto.stop(), kube.stop()])
    },
  }
}

/** Run `fn` over 0..n-1 with at most `limit` in flight. */
async function pool(from: number, to: number, limit: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = from
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < to) await fn(next++)
    }),
  )
}

export function awsCase(s: Servers, sizes: number[]): ScalingCase {
  const client = ec2(s.moto.endpoint, 'us-east-1')
  let have = 1 // the default VPC's default group
  return {
    title: 'AWS: security-group exposure against moto',
    unit: 'groups',
    sizes,
    async seed(size) {
      await pool(have, size, 16, async (i) => {
        const { GroupId } = await client.send(
          new CreateSecurityGroupCommand({ GroupName: `bench-${i}`, Description: 'bench' }),
        )
        // Every other group opens SSH to the world, so the analyzer has findings to write.
        const port = i % 2 ? 443 : 22
        await client.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId,
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          }),
        )
      })
      have = size
    },
    cloudops: ['aws-security-group-exposure', '--env', 'bench', '--json'],
    minimal: new URL('minimal/security-groups.mjs', import.meta.url).pathname,
    cli: {
      label: 'aws ec2 describe-security-groups',
      cmd: 'aws',
      args: ['ec2', 'describe-security-groups', '--region', 'us-east-1', '--endpoint-url', s.moto.endpoint],
    },
  }
}

export function kubeCase(s: Servers, sizes: number[]): ScalingCase {
  const namespaces = Array.from({ length: 10 }, (_, i) => `bench-${i}`)
  let have = 0
  let ready = false
  return {
    title: 'Kubernetes: pending pods against kube-apiserver',
    unit: 'pods',
    sizes,
    async seed(size) {
      if (!ready) {
        for (const ns of namespaces) await createNamespace(s.kube, ns)
        ready = true
      }
      // No scheduler runs: every pod stays Pending, so each one is a finding.
      await pool(have, size, 16, (i) =>
        createPod(s.kube, { namespace: namespaces[i % namespaces.length] as string, name: `pod-${i}` }),
      )
      have = size
    },
    cloudops: ['k8s-pending-pods', '--env', 'bench', '--json'],
    minimal: new URL('minimal/pods.mjs', import.meta.url).pathname,
    cli: { label: 'kubectl get pods -A -o json', cmd: 'kubectl', args: ['get', 'pods', '-A', '-o', 'json'] },
  }
}
