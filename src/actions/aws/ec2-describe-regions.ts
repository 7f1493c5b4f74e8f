import { ec2Client } from '../../clients/aws.js'
import { awsSdk } from '../../clients/aws-sdk.js'
import type { ActionDefinition } from '../types.js'

const action: ActionDefinition<Record<string, never>, { RegionName?: string; OptInStatus?: string }> = {
  id: 'aws.ec2.describe_regions',
  provider: 'aws',
  risk: 'read',
  description: 'The regions enabled for the account.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  permissions: ['ec2:DescribeRegions'],
  building_block: true,
  async execute(ctx) {
    const { DescribeRegionsCommand } = awsSdk.ec2()
    const client = await ec2Client(ctx)
    const r = await client.send(new DescribeRegionsCommand({}), { abortSignal: ctx.signal })
    return { items: (r.Regions ?? []).map((x) => ({ RegionName: x.RegionName, OptInStatus: x.OptInStatus })) }
  },
}
export default action
