import type { Instance, InstanceStatus } from '@aws-sdk/client-ec2'
import { allPages, awsRegionOf, ec2Client } from '../../clients/aws.js'
import { awsSdk } from '../../clients/aws-sdk.js'
import type { ActionContext, ActionDefinition } from '../types.js'
import { unlessNotFound } from './related-lookup.js'

interface Params {
  instance_ids?: string[]
}

// DescribeInstanceStatus takes at most 100 explicit instance ids per call.
const batchSize = 100

const action: ActionDefinition<Params, InstanceStatus & { Region?: string }> = {
  id: 'aws.ec2.describe_instance_status',
  provider: 'aws',
  risk: 'read',
  description:
    'EC2 status checks (system, instance, attached EBS) and scheduled events of the given or input instances, stopped ones included, in one region.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      instance_ids: { type: 'array', items: { type: 'string', pattern: '^i-[0-9a-f]+$' } },
    },
  },
  permissions: ['ec2:DescribeInstanceStatus'],
  accepts_input_from: ['aws.ec2.describe_instances', 'aws.ec2.describe_related_instances'],
  async execute(ctx, p) {
    const fromInputs = Object.values(ctx.inputs).flatMap((o) => (o.items as Instance[]).map((i) => i.InstanceId))
    const ids = [...new Set([...(p.instance_ids ?? []), ...fromInputs].filter((x): x is string => Boolean(x)))]
    // Given instances (or input steps) that came to none: there is nothing to ask, not "every instance".
    if (ids.length === 0 && (p.instance_ids || Object.keys(ctx.inputs).length)) return { items: [] }
    const batches = ids.length ? chunks(ids, batchSize) : [undefined]
    const items: (InstanceStatus & { Region?: string })[] = []
    const notes: string[] = []
    for (const batch of batches) {
      const found = await unlessNotFound(() => statuses(ctx, batch))
      if (!found) notes.push(`${awsRegionOf(ctx)}: no status for ${batch?.join(', ')}: not found`)
      items.push(...(found ?? []).map((s) => ({ ...s, Region: ctx.region })))
    }
    return { items, ...(notes.length ? { notes } : {}) }
  },
}
export default action

/** Every page of status for these instances (all of the region's when undefined), stopped ones included. */
async function statuses(ctx: ActionContext, ids: string[] | undefined): Promise<InstanceStatus[]> {
  const { DescribeInstanceStatusCommand } = awsSdk.ec2()
  const client = await ec2Client(ctx)
  return allPages(
    (NextToken) =>
      client.send(
        new DescribeInstanceStatusCommand({
          InstanceIds: ids,
          IncludeAllInstances: true,
          NextToken,
          MaxResults: ids ? undefined : 1000,
        }),
        { abortSignal: ctx.signal },
      ),
    (r) => r.InstanceStatuses,
    (r) => r.NextToken,
  )
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}
