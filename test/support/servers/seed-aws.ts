// Seed moto through the real AWS APIs, as a user's account would have been built.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch'
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVolumeCommand,
  DescribeImagesCommand,
  EC2Client,
  type IpPermission,
  ModifyInstanceMetadataOptionsCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  type VolumeType,
} from '@aws-sdk/client-ec2'
import { CreateBucketCommand, PutBucketAclCommand, S3Client } from '@aws-sdk/client-s3'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

export function ec2(endpoint: string, region: string): EC2Client {
  return new EC2Client({ endpoint, region, credentials })
}

export function s3(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true })
}

/** A bucket, readable by anyone when `publicRead` (its ACL grants READ to AllUsers). */
export async function createBucket(client: S3Client, name: string, o: { publicRead?: boolean } = {}): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: name }))
  if (o.publicRead) await client.send(new PutBucketAclCommand({ Bucket: name, ACL: 'public-read' }))
}

export function cloudwatch(endpoint: string, region: string): CloudWatchClient {
  return new CloudWatchClient({ endpoint, region, credentials })
}

/** A security group with the given ingress rules; returns its id. */
export async function createSecurityGroup(
  client: EC2Client,
  name: string,
  ingress: IpPermission[],
  tags: Record<string, string> = {},
): Promise<string> {
  const { GroupId } = await client.send(
    new CreateSecurityGroupCommand({
      GroupName: name,
      Description: `${name} (seeded)`,
      TagSpecifications: Object.keys(tags).length
        ? [{ ResourceType: 'security-group', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }]
        : undefined,
    }),
  )
  if (ingress.length) await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: ingress }))
  return GroupId as string
}

/** Ingress rule shorthand: tcp `port` from `cidr` (IPv6 when the CIDR has a colon). */
export function tcp(port: number | [number, number], cidr: string): IpPermission {
  const [from, to] = Array.isArray(port) ? port : [port, port]
  return {
    IpProtocol: 'tcp',
    FromPort: from,
    ToPort: to,
    ...(cidr.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: cidr }] } : { IpRanges: [{ CidrIp: cidr }] }),
  }
}

export const allTraffic = (cidr: string): IpPermission => ({ IpProtocol: '-1', IpRanges: [{ CidrIp: cidr }] })

async function anyImage(client: EC2Client): Promise<string> {
  const { Images } = await client.send(new DescribeImagesCommand({ Owners: ['amazon'] }))
  const id = Images?.[0]?.ImageId
  if (!id) throw new Error('moto has no AMI to launch')
  return id
}

export interface InstanceSeed {
  type?: string
  count?: number
  tags?: Record<string, string>
  /** IMDSv2 required (HttpTokens=required); default: IMDSv1 allowed. */
  imdsv2?: boolean
  stopped?: boolean
}

/** Launch instances; returns their ids. */
export async function runInstances(client: EC2Client, seed: InstanceSeed = {}): Promise<string[]> {
  const { Instances } = await client.send(
    new RunInstancesCommand({
      ImageId: await anyImage(client),
      InstanceType: (seed.type ?? 't3.micro') as never,
      MinCount: seed.count ?? 1,
      MaxCount: seed.count ?? 1,
      TagSpecifications: seed.tags
        ? [{ ResourceType: 'instance', Tags: Object.entries(seed.tags).map(([Key, Value]) => ({ Key, Value })) }]
        : undefined,
    }),
  )
  const ids = (Instances ?? []).map((i) => i.InstanceId as string)
  for (const id of ids) {
    if (seed.imdsv2) {
      await client.send(
        new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'required', HttpEndpoint: 'enabled' }),
      )
    }
  }
  if (seed.stopped) await client.send(new StopInstancesCommand({ InstanceIds: ids }))
  return ids
}

export async function createVolume(
  client: EC2Client,
  region: string,
  seed: { sizeGiB: number; type?: VolumeType; iops?: number; encrypted?: boolean; tags?: Record<string, string> },
): Promise<string> {
  const { VolumeId } = await client.send(
    new CreateVolumeCommand({
      AvailabilityZone: `${region}a`,
      Size: seed.sizeGiB,
      VolumeType: seed.type ?? 'gp3',
      // io1/io2 require provisioned IOPS, as in AWS.
      Iops: seed.iops ?? (seed.type === 'io1' || seed.type === 'io2' ? 3000 : undefined),
      Encrypted: seed.encrypted ?? false,
      TagSpecifications: seed.tags
        ? [{ ResourceType: 'volume', Tags: Object.entries(seed.tags).map(([Key, Value]) => ({ Key, Value })) }]
        : undefined,
    }),
  )
  return VolumeId as string
}

/** Hourly CPUUtilization datapoints for an instance, ending now. */
export async function putCpu(client: CloudWatchClient, instanceId: string, percents: number[]): Promise<void> {
  const now = Date.now()
  const data = percents.map((value, i) => ({
    MetricName: 'CPUUtilization',
    Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
    Timestamp: new Date(now - (percents.length - i) * 3600_000),
    Unit: 'Percent' as const,
    Value: value,
  }))
  for (let i = 0; i < data.length; i += 500) {
    await client.send(new PutMetricDataCommand({ Namespace: 'AWS/EC2', MetricData: data.slice(i, i + 500) }))
  }
}
