import type { Volume } from '@aws-sdk/client-ec2'
import type { ActionDefinition } from '../types.js'
import { describeVolumes } from './ec2-queries.js'

interface Params {
  status?: string[]
  volume_ids?: string[]
}

const action: ActionDefinition<Params, Volume & { Region?: string }> = {
  id: 'aws.ec2.describe_volumes',
  provider: 'aws',
  risk: 'read',
  description: 'EBS volumes with their type, size, encryption and attachments, in one region.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      status: { type: 'array', items: { enum: ['creating', 'available', 'in-use', 'deleting', 'deleted', 'error'] } },
      volume_ids: { type: 'array', items: { type: 'string', pattern: '^vol-[0-9a-f]+$' } },
    },
  },
  permissions: ['ec2:DescribeVolumes'],
  async execute(ctx, p) {
    const volumes = await describeVolumes(ctx, {
      ids: p.volume_ids,
      filters: p.status?.length ? [{ Name: 'status', Values: p.status }] : undefined,
    })
    return { items: volumes.map((v) => ({ ...v, Region: ctx.region })) }
  },
}
export default action
