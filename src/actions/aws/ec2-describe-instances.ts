import type { Instance } from '@aws-sdk/client-ec2'
import { allPages, ec2Client } from '../../clients/aws.js'
import type { ActionDefinition } from '../types.js'

interface Params {
  states?: string[]
  instance_ids?: string[]
  tags?: Record<string, string>
}

const action: ActionDefinition<Params, Instance & { Region?: string }> = {
  id: 'aws.ec2.describe_instances',
  provider: 'aws',
  risk: 'read',
  description: 'EC2 instances (flattened from reservations), in one region.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      states: {
        type: 'array',
        items: { enum: ['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped'] },
      },
      instance_ids: { type: 'array', items: { type: 'string', pattern: '^i-[0-9a-f]+$' } },
      tags: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  permissions: ['ec2:DescribeInstances'],
  async execute(ctx, p) {
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2')
    const client = await ec2Client(ctx)
    const filters = [
      ...(p.states?.length ? [{ Name: 'instance-state-name', Values: p.states }] : []),
      ...Object.entries(p.tags ?? {}).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] })),
    ]
    const reservations = await allPages(
      (NextToken) =>
        client.send(
          new DescribeInstancesCommand({
            InstanceIds: p.instance_ids,
            Filters: filters.length ? filters : undefined,
            NextToken,
            MaxResults: p.instance_ids ? undefined : 1000,
          }),
          { abortSignal: ctx.signal },
        ),
      (r) => r.Reservations,
      (r) => r.NextToken,
    )
    const items = reservations.flatMap((r) => r.Instances ?? []).map((i) => ({ ...i, Region: ctx.region }))
    return { items }
  },
}
export default action
