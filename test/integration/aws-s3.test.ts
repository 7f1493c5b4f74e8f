// aws-s3-public-buckets end to end: the real @aws-sdk/client-s3 against moto, each bucket seeded as a person would
// leave it (a public-read ACL, a public policy, a policy the block neutralises, a private one), and the question
// routed by the offline parser.
import { PutBucketPolicyCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { findingsOf, pipelineSandbox, runJson } from '../support/pipeline.js'
import { resetMoto } from '../support/servers/moto.js'
import { createBucket, s3 as s3Client } from '../support/servers/seed-aws.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())

const s3 = s3Client(moto.endpoint)
const publicRead = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
  })
const fullBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
}

beforeAll(async () => {
  await resetMoto(moto.endpoint)
  await createBucket(s3, 'acl-public', { publicRead: true })
  for (const b of ['policy-public', 'neutralised', 'private', 'no-block']) await createBucket(s3, b)
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-public', Policy: publicRead('policy-public') }))
  // Public policy, then the block: S3 keeps the policy but no longer lets it make the bucket public.
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'neutralised', Policy: publicRead('neutralised') }))
  for (const b of ['neutralised', 'private'])
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: fullBlock }))
})

describe('aws-s3-public-buckets against moto', () => {
  it('names each public bucket and how, the unprotected one as low, and neither blocked one', () => {
    const { code, report } = runJson(sb, ['run', 'aws-s3-public-buckets', '--env', 'dev'])
    expect(code, JSON.stringify(report.steps)).toBe(0)
    const found = Object.fromEntries(findingsOf(report, 's3-public-access').map((f) => [f.id, f]))
    expect(found['s3-public-access:acl-public']?.severity).toBe('high')
    expect(found['s3-public-access:acl-public']?.title).toBe(
      'Bucket acl-public is public through its ACL: anyone may read it',
    )
    expect(found['s3-public-access:policy-public']?.title).toBe(
      'Bucket policy-public is public through its bucket policy: anyone may read it',
    )
    expect(found['s3-public-access:no-block:no-block']?.severity).toBe('low')
    expect(Object.keys(found).filter((id) => id.includes('neutralised') || id.includes(':private'))).toEqual([])
    expect(report.steps[0]?.items).toBe(5)
  })

  it('"which s3 buckets are public in dev?" plans it from the offline parser', () => {
    const { code, report } = runJson(sb, ['ask', '--provider', 'offline', 'which s3 buckets are public in dev?'])
    expect(code).toBe(0)
    expect(report.plan?.playbook.name).toBe('aws-s3-public-buckets')
    expect(findingsOf(report, 's3-public-access').length).toBeGreaterThan(1)
  })
})
