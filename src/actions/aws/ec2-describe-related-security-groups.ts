import type { SecurityGroup } from '@aws-sdk/client-ec2'
import type { ActionContext, ActionDefinition } from '../types.js'
import { describeInstances, describeSecurityGroups } from './ec2-queries.js'
import { kindOfId, type RelatedParams, relatedParamsSchema } from './related-id.js'
import { idToLookUp, lookedUp, related, unlessNotFound } from './related-lookup.js'

const action: ActionDefinition<RelatedParams, SecurityGroup & { Region?: string }> = {
  id: 'aws.ec2.describe_related_security_groups',
  provider: 'aws',
  risk: 'read',
  description:
    'The security groups around one id, in one region: the group itself (sg-…) or the groups of an instance and its network interfaces (i-…); none for a volume.',
  params: relatedParamsSchema,
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeInstances'],
  async execute(ctx, p) {
    const id = idToLookUp(ctx, p)
    if (!id) return { items: [] }
    switch (kindOfId(id)) {
      case 'security_group':
        return lookedUp(ctx, id, await unlessNotFound(() => describeSecurityGroups(ctx, { ids: [id] })))
      case 'instance':
        return related(ctx, await groupsOf(ctx, id))
      default:
        return { items: [] }
    }
  },
}
export default action

/** An instance's groups: its own and those of each of its network interfaces. */
async function groupsOf(ctx: ActionContext, instanceId: string): Promise<SecurityGroup[] | undefined> {
  const instances = (await unlessNotFound(() => describeInstances(ctx, { ids: [instanceId] }))) ?? []
  const groups = instances.flatMap((i) => [
    ...(i.SecurityGroups ?? []),
    ...(i.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? []),
  ])
  const ids = [...new Set(groups.map((g) => g.GroupId).filter((x): x is string => Boolean(x)))].sort()
  return ids.length ? unlessNotFound(() => describeSecurityGroups(ctx, { ids })) : []
}
