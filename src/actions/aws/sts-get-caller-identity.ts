import { stsClient } from '../../clients/aws.js'
import { awsSdk } from '../../clients/aws-sdk.js'
import type { ActionDefinition } from '../types.js'

const action: ActionDefinition<Record<string, never>, { Account?: string; Arn?: string; UserId?: string }> = {
  id: 'aws.sts.get_caller_identity',
  provider: 'aws',
  risk: 'read',
  description: 'Who the AWS credentials belong to (recorded as the audit actor).',
  params: { type: 'object', additionalProperties: false, properties: {} },
  permissions: ['sts:GetCallerIdentity'],
  building_block: true,
  async execute(ctx) {
    const { GetCallerIdentityCommand } = awsSdk.sts()
    const client = await stsClient(ctx)
    const r = await client.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal })
    return { items: [{ Account: r.Account, Arn: r.Arn, UserId: r.UserId }] }
  },
}
export default action
