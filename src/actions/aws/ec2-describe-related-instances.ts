import type { Instance } from '@aws-sdk/client-ec2'
import type { ActionContext, ActionDefinition } from '../types.js'
import { describeInstances, describeVolumes } from './ec2-queries.js'
import { kindOfId, type RelatedParams, relatedParamsSchema } from './related-id.js'
import { idToLookUp, lookedUp, related, unlessNotFound } from './related-lookup.js'

const action: ActionDefinition<RelatedParams, Instance & { Region?: string }> = {
  id: 'aws.ec2.describe_related_instances',
  provider: 'aws',
  risk: 'read',
  description:
    'The instances around one id, in one region: the instance itself (i-…), the instances using a security group (sg-…), or the instances a volume is attached to (vol-…).',
  params: relatedParamsSchema,
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeVolumes'],
  async execute(ctx, p) {
    const id = idToLookUp(ctx, p)
    if (!id) return { items: [] }
    switch (kindOfId(id)) {
      case 'instance':
        return lookedUp(ctx, id, await unlessNotFound(() => describeInstances(ctx, { ids: [id] })))
      case 'security_group':
        return related(ctx, await describeInstances(ctx, { filters: [{ Name: 'instance.group-id', Values: [id] }] }))
      case 'volume':
        return related(ctx, await attachedTo(ctx, id))
      default:
        return { items: [] }
    }
  },
}
export default action

/** The instances a volume is attached to (through the volume: not every EC2 API can filter instances by volume). */
async function attachedTo(ctx: ActionContext, volumeId: string): Promise<Instance[] | undefined> {
  const volumes = await unlessNotFound(() => describeVolumes(ctx, { ids: [volumeId] }))
  const attachments = (volumes ?? []).flatMap((v) => v.Attachments ?? [])
  const ids = [...new Set(attachments.map((a) => a.InstanceId).filter((x): x is string => Boolean(x)))]
  return ids.length ? unlessNotFound(() => describeInstances(ctx, { ids })) : []
}
