// Buckets anyone on the internet can reach: an ACL grant to everyone, or a bucket policy that allows any principal
// without a condition, where the bucket's public access block does not neutralise it. Pure.
import type { BucketAccess } from '../actions/aws/s3-bucket-access.js'
import type { AnalyzerDefinition, Finding, Severity } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const everyone = 'http://acs.amazonaws.com/groups/global/AllUsers'
const anyAwsUser = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'
/** Permissions that let a stranger change or replace what is in the bucket, or who may reach it. */
const writeGrants = new Set(['WRITE', 'WRITE_ACP', 'FULL_CONTROL'])
const writeActions = /^s3:(\*|Put|Delete|Replicate|Restore|Abort)/i

interface Statement {
  Effect?: string
  Principal?: unknown
  Action?: string | string[]
  Condition?: unknown
}

const isAnyone = (p: unknown): boolean =>
  p === '*' || (typeof p === 'object' && p !== null && [(p as { AWS?: unknown }).AWS].flat().includes('*'))

/** The statements of a policy that allow anyone, with no condition to narrow them. */
function publicStatements(policy: string | undefined): Statement[] {
  if (!policy) return []
  let parsed: { Statement?: Statement | Statement[] }
  try {
    parsed = JSON.parse(policy)
  } catch {
    return []
  }
  return [parsed.Statement ?? []]
    .flat()
    .filter((s) => s.Effect === 'Allow' && isAnyone(s.Principal) && (s.Condition === undefined || s.Condition === null))
}

const actionsOf = (s: Statement) => [s.Action ?? []].flat()

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 's3-public-access',
  description:
    'Buckets public through their policy or ACL: critical when anyone may write, high when anyone may read; buckets with no public access block, or a partial one, that are not public now (low).',
  inputs: [{ name: 'buckets', from: ['aws.s3.bucket_access'] }],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.buckets) return [blindSpot('s3-public-access', 'S3 buckets (the list step failed)', 'aws')]
    const findings: Finding[] = []
    for (const b of itemsOf<BucketAccess>(inputs.buckets)) {
      const block = b.PublicAccessBlock ?? {}
      const resource = { provider: 'aws', type: 's3_bucket', id: b.Name, region: b.Region } as const
      // IgnorePublicAcls makes S3 ignore public grants; RestrictPublicBuckets limits a public policy to the account.
      const aclGrants = block.IgnorePublicAcls
        ? []
        : b.Grants.filter((g) => g.Grantee?.URI === everyone || g.Grantee?.URI === anyAwsUser)
      const statements = block.RestrictPublicBuckets ? [] : publicStatements(b.Policy)
      if (aclGrants.length || statements.length) {
        const writable =
          aclGrants.some((g) => writeGrants.has(g.Permission ?? '')) ||
          statements.some((s) => actionsOf(s).some((a) => writeActions.test(a)))
        const how = [aclGrants.length ? 'its ACL' : '', statements.length ? 'its bucket policy' : '']
          .filter(Boolean)
          .join(' and ')
        findings.push({
          id: `s3-public-access:${b.Name}`,
          severity: (writable ? 'critical' : 'high') satisfies Severity,
          title: `Bucket ${b.Name} is public through ${how}: anyone may ${writable ? 'write to' : 'read'} it`,
          resource,
          evidence: {
            acl_grants: aclGrants.map((g) => ({ grantee: g.Grantee?.URI, permission: g.Permission })),
            policy_statements: statements.map((s) => ({ actions: actionsOf(s) })),
            public_access_block: b.PublicAccessBlock ?? null,
          },
          recommendation:
            'If it is not meant for the public, turn on its public access block (all four settings), then remove the grant or statement; serve public content through CloudFront instead.',
        })
        continue
      }
      const off = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].filter(
        (k) => !block[k as keyof typeof block],
      )
      if (off.length) {
        findings.push({
          id: `s3-public-access:${b.Name}:no-block`,
          severity: 'low',
          title: `Bucket ${b.Name} is not public, but ${b.PublicAccessBlock ? `its public access block leaves ${off.join(', ')} off` : 'it has no public access block'}`,
          resource,
          evidence: { public_access_block: b.PublicAccessBlock ?? null, off },
          recommendation:
            'Turn on all four public access block settings (or the account-wide block), so no later grant or policy makes it public.',
        })
      }
    }
    return findings
  },
}
export default analyzer
