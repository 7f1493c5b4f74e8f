// The EC2 describe calls the describe_* and describe_related_* actions share: by ids or by filters, every page, in the step's region.
// AWS refuses MaxResults together with explicit ids, so it is set only for filtered calls.
import type { Filter, Instance, SecurityGroup, Volume } from '@aws-sdk/client-ec2'
import { allPages, ec2Client } from '../../clients/aws.js'
import { awsSdk } from '../../clients/aws-sdk.js'
import type { ActionContext } from '../types.js'

type Ctx = Pick<ActionContext, 'region' | 'environment' | 'clients' | 'signal'>

interface Ec2Query {
  ids?: string[]
  filters?: Filter[]
}

/** Instances (flattened from reservations) with these ids, or matching these filters. */
export async function describeInstances(ctx: Ctx, q: Ec2Query): Promise<Instance[]> {
  const { DescribeInstancesCommand } = awsSdk.ec2()
  const client = await ec2Client(ctx)
  const reservations = await allPages(
    (NextToken) =>
      client.send(
        new DescribeInstancesCommand({
          InstanceIds: q.ids,
          Filters: q.filters,
          NextToken,
          MaxResults: q.ids ? undefined : 1000,
        }),
        { abortSignal: ctx.signal },
      ),
    (r) => r.Reservations,
    (r) => r.NextToken,
  )
  return reservations.flatMap((r) => r.Instances ?? [])
}

/** Volumes with these ids, or matching these filters. */
export async function describeVolumes(ctx: Ctx, q: Ec2Query): Promise<Volume[]> {
  const { DescribeVolumesCommand } = awsSdk.ec2()
  const client = await ec2Client(ctx)
  return allPages(
    (NextToken) =>
      client.send(
        new DescribeVolumesCommand({
          VolumeIds: q.ids,
          Filters: q.filters,
          NextToken,
          MaxResults: q.ids ? undefined : 500,
        }),
        { abortSignal: ctx.signal },
      ),
    (r) => r.Volumes,
    (r) => r.NextToken,
  )
}

/** Security groups with these ids, or matching these filters. */
export async function describeSecurityGroups(ctx: Ctx, q: Ec2Query): Promise<SecurityGroup[]> {
  const { DescribeSecurityGroupsCommand } = awsSdk.ec2()
  const client = await ec2Client(ctx)
  return allPages(
    (NextToken) =>
      client.send(
        new DescribeSecurityGroupsCommand({
          GroupIds: q.ids,
          Filters: q.filters,
          NextToken,
          MaxResults: q.ids ? undefined : 1000,
        }),
        { abortSignal: ctx.signal },
      ),
    (r) => r.SecurityGroups,
    (r) => r.NextToken,
  )
}
