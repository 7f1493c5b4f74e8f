import type { Volume } from '@aws-sdk/client-ec2'
import type { ActionDefinition } from '../types.js'
import { describeVolumes } from './ec2-queries.js'
import { kindOfId, type RelatedParams, relatedParamsSchema } from './related-id.js'
import { idToLookUp, lookedUp, related, unlessNotFound } from './related-lookup.js'

const action: ActionDefinition<RelatedParams, Volume & { Region?: string }> = {
  id: 'aws.ec2.describe_related_volumes',
  provider: 'aws',
  risk: 'read',
  description:
    'The EBS volumes around one id, in one region: the volume itself (vol-…) or the volumes attached to an instance (i-…); none for a security group.',
  params: relatedParamsSchema,
  permissions: ['ec2:DescribeVolumes'],
  async execute(ctx, p) {
    const id = idToLookUp(ctx, p)
    if (!id) return { items: [] }
    switch (kindOfId(id)) {
      case 'volume':
        return lookedUp(ctx, id, await unlessNotFound(() => describeVolumes(ctx, { ids: [id] })))
      case 'instance':
        return related(ctx, await describeVolumes(ctx, { filters: [{ Name: 'attachment.instance-id', Values: [id] }] }))
      default:
        return { items: [] }
    }
  },
}
export default action
