import type { SecurityGroup } from '@aws-sdk/client-ec2'
import { allPages, ec2Client } from '../../clients/aws.js'
import type { ActionDefinition } from '../types.js'

interface Params {
  group_ids?: string[]
  vpc_id?: string
}

const action: ActionDefinition<Params, SecurityGroup & { Region?: string }> = {
  id: 'aws.ec2.describe_security_groups',
  provider: 'aws',
  risk: 'read',
  description: 'Security groups and their ingress/egress rules, in one region.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      group_ids: { type: 'array', items: { type: 'string', pattern: '^sg-[0-9a-f]+$' } },
      vpc_id: { type: 'string', pattern: '^vpc-[0-9a-f]+$' },
    },
  },
  permissions: ['ec2:DescribeSecurityGroups'],
  async execute(ctx, p) {
    const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2')
    const client = await ec2Client(ctx)
    const filters = p.vpc_id ? [{ Name: 'vpc-id', Values: [p.vpc_id] }] : undefined
    const groups = await allPages(
      (NextToken) =>
        client.send(
          new DescribeSecurityGroupsCommand({
            GroupIds: p.group_ids,
            Filters: filters,
            NextToken,
            MaxResults: p.group_ids ? undefined : 1000,
          }),
          { abortSignal: ctx.signal },
        ),
      (r) => r.SecurityGroups,
      (r) => r.NextToken,
    )
    return { items: groups.map((g) => ({ ...g, Region: ctx.region })) }
  },
}
export default action
