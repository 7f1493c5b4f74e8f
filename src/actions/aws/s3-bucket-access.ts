// Who may reach each bucket: its public access block, bucket policy and ACL, read for every bucket the account owns.
// The analyzer decides what is public; this only gathers, a few buckets at a time.
import type { Grant, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3'
import { allPages, awsRegionOf, s3Client } from '../../clients/aws.js'
import { awsSdk } from '../../clients/aws-sdk.js'
import type { ActionContext, ActionDefinition } from '../types.js'

export interface BucketAccess {
  Name: string
  Region: string
  /** Missing: no public access block on the bucket (the account's own block is not read here). */
  PublicAccessBlock?: PublicAccessBlockConfiguration
  /** The bucket policy as JSON text, or missing when there is none. */
  Policy?: string
  Grants: Grant[]
}

/** How many buckets are read at once: each takes three calls. */
const perBatch = 8

/** An S3 error that means "there is none of this" rather than a failure. */
const isNone = (err: unknown, codes: string[]) => codes.includes((err as { name?: string }).name ?? '')

async function accessOf(ctx: ActionContext, name: string, region: string): Promise<BucketAccess> {
  const s3 = awsSdk.s3()
  const client = await s3Client({ ...ctx, region })
  const o = { abortSignal: ctx.signal }
  const [block, policy, acl] = await Promise.all([
    client
      .send(new s3.GetPublicAccessBlockCommand({ Bucket: name }), o)
      .then((r) => r.PublicAccessBlockConfiguration)
      .catch((err) => {
        if (isNone(err, ['NoSuchPublicAccessBlockConfiguration'])) return undefined
        throw err
      }),
    client
      .send(new s3.GetBucketPolicyCommand({ Bucket: name }), o)
      .then((r) => r.Policy)
      .catch((err) => {
        if (isNone(err, ['NoSuchBucketPolicy'])) return undefined
        throw err
      }),
    client.send(new s3.GetBucketAclCommand({ Bucket: name }), o).then((r) => r.Grants ?? []),
  ])
  return { Name: name, Region: region, PublicAccessBlock: block, Policy: policy, Grants: acl }
}

const action: ActionDefinition<Record<string, never>, BucketAccess> = {
  id: 'aws.s3.bucket_access',
  provider: 'aws',
  risk: 'read',
  description: 'Every bucket the account owns, with its public access block, bucket policy and ACL grants.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketPublicAccessBlock', 's3:GetBucketPolicy', 's3:GetBucketAcl'],
  async execute(ctx) {
    const { ListBucketsCommand } = awsSdk.s3()
    const client = await s3Client(ctx)
    const buckets = await allPages(
      (ContinuationToken) =>
        client.send(new ListBucketsCommand({ ContinuationToken, MaxBuckets: 1000 }), { abortSignal: ctx.signal }),
      (r) => r.Buckets,
      (r) => r.ContinuationToken,
    )
    const items: BucketAccess[] = []
    for (let i = 0; i < buckets.length; i += perBatch) {
      const batch = buckets.slice(i, i + perBatch).filter((b) => b.Name)
      items.push(
        ...(await Promise.all(batch.map((b) => accessOf(ctx, b.Name as string, b.BucketRegion ?? awsRegionOf(ctx))))),
      )
    }
    return { items }
  },
}
export default action
