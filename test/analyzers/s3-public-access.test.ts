// s3-public-access, as aws-s3-public-buckets runs it: buckets from aws.s3.bucket_access, each with its public access
// block, bucket policy (JSON text) and ACL grants.
import type { Grant, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import type { BucketAccess } from '../../src/actions/aws/s3-bucket-access.js'
import { analysisOf, ids, only, out } from './support.js'

const analysis = await analysisOf('aws-s3-public-buckets', 's3-public-access')
const run = (buckets: BucketAccess[] | null) => analysis.run({ buckets: buckets ? out(buckets) : undefined })

const fullBlock: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
}
const owner: Grant = { Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'FULL_CONTROL' }
const toGroup = (group: 'AllUsers' | 'AuthenticatedUsers', Permission: Grant['Permission']): Grant => ({
  Grantee: { Type: 'Group', URI: `http://acs.amazonaws.com/groups/global/${group}` },
  Permission,
})
const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] })
const allow = (Principal: unknown, Action: string | string[], extra = {}) =>
  policy({ Effect: 'Allow', Principal, Action, Resource: 'arn:aws:s3:::b/*', ...extra })
const bucket = (Name: string, o: Partial<BucketAccess> = {}): BucketAccess => ({
  Name,
  Region: 'us-east-1',
  PublicAccessBlock: fullBlock,
  Grants: [owner],
  ...o,
})
const open = (o: Partial<BucketAccess>) => bucket('site', { PublicAccessBlock: undefined, ...o })

describe('s3-public-access flags a bucket anyone can reach', () => {
  it.each([
    {
      state: 'an ACL grant of READ to everyone → high',
      b: open({ Grants: [owner, toGroup('AllUsers', 'READ')] }),
      severity: 'high',
      how: 'its ACL',
      may: 'read',
    },
    {
      state: 'an ACL grant of READ to any AWS user → high',
      b: open({ Grants: [toGroup('AuthenticatedUsers', 'READ')] }),
      severity: 'high',
      how: 'its ACL',
      may: 'read',
    },
    {
      state: 'an ACL grant of WRITE to everyone → critical',
      b: open({ Grants: [toGroup('AllUsers', 'WRITE')] }),
      severity: 'critical',
      how: 'its ACL',
      may: 'write to',
    },
    {
      state: 'an ACL grant of FULL_CONTROL to everyone → critical',
      b: open({ Grants: [toGroup('AllUsers', 'FULL_CONTROL')] }),
      severity: 'critical',
      how: 'its ACL',
      may: 'write to',
    },
    {
      state: 'a policy allowing "*" to GetObject → high',
      b: open({ Policy: allow('*', 's3:GetObject') }),
      severity: 'high',
      how: 'its bucket policy',
      may: 'read',
    },
    {
      state: 'a policy allowing {AWS: "*"} to GetObject → high',
      b: open({ Policy: allow({ AWS: '*' }, ['s3:GetObject']) }),
      severity: 'high',
      how: 'its bucket policy',
      may: 'read',
    },
    {
      state: 'a policy allowing "*" to s3:* → critical',
      b: open({ Policy: allow('*', 's3:*') }),
      severity: 'critical',
      how: 'its bucket policy',
      may: 'write to',
    },
    {
      state: 'a policy allowing "*" to PutObject → critical',
      b: open({ Policy: allow('*', ['s3:GetObject', 's3:PutObject']) }),
      severity: 'critical',
      how: 'its bucket policy',
      may: 'write to',
    },
    {
      state: 'both → one finding naming both',
      b: open({ Grants: [toGroup('AllUsers', 'READ')], Policy: allow('*', 's3:GetObject') }),
      severity: 'high',
      how: 'its ACL and its bucket policy',
      may: 'read',
    },
    {
      state: 'a public ACL with only BlockPublicAcls on (it blocks new grants, not old ones)',
      b: open({ PublicAccessBlock: { BlockPublicAcls: true }, Grants: [toGroup('AllUsers', 'READ')] }),
      severity: 'high',
      how: 'its ACL',
      may: 'read',
    },
  ])('$state', ({ b, severity, how, may }) => {
    const f = only(run([b]), 's3-public-access:site')
    expect(f.severity).toBe(severity)
    expect(f.title).toBe(`Bucket site is public through ${how}: anyone may ${may} it`)
    expect(f.resource).toEqual({ provider: 'aws', type: 's3_bucket', id: 'site', region: 'us-east-1' })
    expect(f.recommendation).toMatch(/public access block/)
  })

  it('keeps the grants and statements that make it public as evidence', () => {
    const f = only(
      run([open({ Grants: [owner, toGroup('AllUsers', 'READ')], Policy: allow('*', 's3:GetObject') })]),
      's3-public-access:site',
    )
    expect(f.evidence).toEqual({
      acl_grants: [{ grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }],
      policy_statements: [{ actions: ['s3:GetObject'] }],
      public_access_block: null,
    })
  })
})

describe('s3-public-access does not call public', () => {
  it.each([
    { state: 'a private bucket with the full block', b: bucket('private') },
    {
      state: 'a public ACL that IgnorePublicAcls neutralises',
      b: bucket('private', { PublicAccessBlock: { ...fullBlock }, Grants: [toGroup('AllUsers', 'READ')] }),
    },
    {
      state: 'a public policy that RestrictPublicBuckets neutralises',
      b: bucket('private', { Policy: allow('*', 's3:GetObject') }),
    },
    {
      state: 'a policy for one account',
      b: bucket('private', { Policy: allow({ AWS: 'arn:aws:iam::123456789012:root' }, 's3:GetObject') }),
    },
    {
      state: 'a policy for anyone, but only from one VPC endpoint (a condition)',
      b: bucket('private', {
        Policy: allow('*', 's3:GetObject', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }),
      }),
    },
    {
      state: 'a Deny for anyone',
      b: bucket('private', { Policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*' }) }),
    },
    { state: 'a policy that is not JSON', b: bucket('private', { Policy: '{not json' }) },
  ])('$state', ({ b }) => {
    expect(ids(run([b])).filter((id) => !id.endsWith(':no-block'))).toEqual([])
  })
})

describe('s3-public-access: buckets not public now, that nothing keeps so', () => {
  it('no public access block → low', () => {
    const f = only(run([bucket('logs', { PublicAccessBlock: undefined })]), 's3-public-access:logs:no-block')
    expect(f.severity).toBe('low')
    expect(f.title).toBe('Bucket logs is not public, but it has no public access block')
  })

  it('a partial block → low, naming what is off', () => {
    const f = only(
      run([bucket('logs', { PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true } })]),
      's3-public-access:logs:no-block',
    )
    expect(f.title).toBe(
      'Bucket logs is not public, but its public access block leaves BlockPublicPolicy, RestrictPublicBuckets off',
    )
    expect(f.evidence.off).toEqual(['BlockPublicPolicy', 'RestrictPublicBuckets'])
  })

  it('the full block → nothing', () => {
    expect(run([bucket('private')])).toEqual([])
  })
})

describe('s3-public-access when the buckets could not be listed', () => {
  it('says so (info) instead of reporting a clean account', () => {
    expect(run(null)).toMatchObject([{ id: 's3-public-access:account:not-seen:S3', severity: 'info' }])
  })
})
