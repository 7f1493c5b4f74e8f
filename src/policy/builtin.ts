// The policy in force when no file is found: read-only, reads allowed, everything else needs approval,
// deletes in prod denied. (read_only already denies every non-read step; the rules say what a relaxed
// copy of this policy would still keep.)
import type { Policy } from './types.js'

export const builtinPolicy: Policy = {
  version: 1,
  read_only: true,
  default: 'require_approval',
  rules: [
    { id: 'reads-allowed', effect: 'allow', match: { risk: ['read'] } },
    { id: 'writes-need-approval', effect: 'require_approval', match: { risk: ['write'] } },
    {
      id: 'no-prod-deletes',
      effect: 'deny',
      match: { env: ['prod', 'production'], risk: ['delete'] },
      reason: 'Deletes in prod are never automated',
    },
    {
      id: 'no-secrets',
      effect: 'deny',
      match: { action: ['aws.secretsmanager.*', 'aws.ssm.get_parameter*', 'k8s.secrets.*'] },
      reason: 'Secret values are never read by cloudops',
    },
  ],
}
