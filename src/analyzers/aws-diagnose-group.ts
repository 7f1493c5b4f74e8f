// One security group: its ingress open to the internet (sg-open-ingress) and the instances that use it.
import type { Instance, SecurityGroup } from '@aws-sdk/client-ec2'
import { type Diagnosis, notSeen, resourceOf } from './aws-diagnose-common.js'
import { exposureOf, problemsOf } from './aws-diagnose-problems.js'
import sgOpenIngress from './sg-open-ingress.js'
import type { AnalyzerContext, AnalyzerInputs } from './types.js'
import { itemsOf } from './util.js'

type Group = SecurityGroup & { Region?: string }

// The verdict names this many instances using the group; the evidence names them all.
const named = 3

export function diagnoseGroup(g: Group, inputs: AnalyzerInputs, context: AnalyzerContext): Diagnosis {
  // Stryker disable next-line StringLiteral: aws-diagnose passes only the group it found by this GroupId
  const id = g.GroupId ?? ''
  const label = g.GroupName ? `${id} (${g.GroupName})` : id
  const resource = resourceOf('security_group', id, g.Region)
  const users = itemsOf<Instance>(inputs.instances)
    .filter((i) => i.State?.Name !== 'terminated')
    .map((i) => i.InstanceId ?? '')
  const findings = sgOpenIngress.analyze({ groups: { items: [g] } }, {}, context)
  if (!inputs.instances) findings.push(notSeen(resource, 'which instances use it', 'instances'))
  const exposure = exposureOf([g], 'no ingress open to the internet')
  return {
    subject: `security group ${label}`,
    label,
    state: inputs.instances ? [usedBy(users)] : [],
    problems: [...exposure.problems, ...problemsOf(findings)],
    fine: exposure.fine,
    findings,
    resource,
    evidence: {
      kind: 'security_group',
      name: g.GroupName,
      description: g.Description,
      vpc_id: g.VpcId,
      ingress_rules: g.IpPermissions?.length ?? 0,
      instances: users,
    },
  }
}

function usedBy(ids: string[]): string {
  if (ids.length === 0) return 'used by no instance'
  const more = ids.length > named ? `, and ${ids.length - named} more` : ''
  return `used by ${ids.length} instance${ids.length > 1 ? 's' : ''} (${ids.slice(0, named).join(', ')}${more})`
}
