import type { Volume } from '@aws-sdk/client-ec2'
import { allPages, ec2Client } from '../../clients/aws.js'
import type { ActionDefinition } from '../types.js'

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
    const { DescribeVolumesCommand } = await import('@aws-sdk/client-ec2')
    const client = await ec2Client(ctx)
    const volumes = await allPages(
      (NextToken) =>
        client.send(
          new DescribeVolumesCommand({
            VolumeIds: p.volume_ids,
            Filters: p.status?.length ? [{ Name: 'status', Values: p.status }] : undefined,
            NextToken,
            MaxResults: p.volume_ids ? undefined : 500,
          }),
          { abortSignal: ctx.signal },
        ),
      (r) => r.Volumes,
      (r) => r.NextToken,
    )
    return { items: volumes.map((v) => ({ ...v, Region: ctx.region })) }
  },
}
export default action
