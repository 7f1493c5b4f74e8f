import type { Instance } from '@aws-sdk/client-ec2'
import type { ActionDefinition } from '../types.js'
import { describeInstances } from './ec2-queries.js'

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
    const filters = [
      ...(p.states?.length ? [{ Name: 'instance-state-name', Values: p.states }] : []),
      ...Object.entries(p.tags ?? {}).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] })),
    ]
    const instances = await describeInstances(ctx, {
      ids: p.instance_ids,
      filters: filters.length ? filters : undefined,
    })
    const items = instances.map((i) => ({ ...i, Region: ctx.region }))
    return { items }
  },
}
export default action
