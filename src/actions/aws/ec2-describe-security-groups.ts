import type { SecurityGroup } from '@aws-sdk/client-ec2'
import type { ActionDefinition } from '../types.js'
import { describeSecurityGroups } from './ec2-queries.js'

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
    const filters = p.vpc_id ? [{ Name: 'vpc-id', Values: [p.vpc_id] }] : undefined
    const groups = await describeSecurityGroups(ctx, { ids: p.group_ids, filters })
    return { items: groups.map((g) => ({ ...g, Region: ctx.region })) }
  },
}
export default action
