// Security group ingress open to the whole internet (0.0.0.0/0 or ::/0), rated by what the port exposes.
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2'
import { protocolOf, type Rating, rate } from './sg-rule-risk.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const worldCidrs = new Set(['0.0.0.0/0', '::/0'])

type Group = SecurityGroup & { Region?: string }

const analyzer: AnalyzerDefinition<{ sensitive_ports?: number[] }> = {
  id: 'sg-open-ingress',
  description: 'Ingress rules open to 0.0.0.0/0 or ::/0: all traffic and wide ranges critical; SSH/RDP/databases high.',
  inputs: [{ name: 'groups', from: ['aws.ec2.describe_security_groups'] }],
  with: {
    type: 'object',
    additionalProperties: false,
    properties: { sensitive_ports: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 } } },
  },
  analyze(inputs, options) {
    if (!inputs.groups) return [blindSpot('sg-open-ingress', 'security groups (the describe step failed)', 'aws')]
    const findings: Finding[] = []
    for (const g of itemsOf<Group>(inputs.groups)) {
      // Stryker disable next-line ArrayDeclaration: a non-rule element has no ranges, so it is skipped like no rule
      for (const perm of g.IpPermissions ?? []) {
        const cidrs = [
          // Stryker disable next-line ArrayDeclaration: a non-range element has no CidrIp, and the filter drops it
          ...(perm.IpRanges ?? []).map((r) => r.CidrIp),
          // Stryker disable next-line ArrayDeclaration: a non-range element has no CidrIpv6, and the filter drops it
          ...(perm.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
        ].filter((c): c is string => Boolean(c && worldCidrs.has(c)))
        if (cidrs.length === 0) continue
        // Stryker disable next-line ArrayDeclaration: a non-number extra port is NaN, inside no range, so never named
        const { severity, exposes, ports } = rate(perm, options.sensitive_ports ?? [])
        const protocol = perm.IpProtocol === '-1' ? 'all' : (perm.IpProtocol ?? 'tcp')
        findings.push({
          id: `sg-open-ingress:${g.GroupId}:${protocol}:${ports}`,
          severity,
          title: `${g.GroupName ?? g.GroupId} allows ${exposes.join(', ')} from the internet (${protocol === 'all' ? 'every protocol and port' : `${protocol} ${ports}`})`,
          resource: { provider: 'aws', type: 'security_group', id: g.GroupId ?? '', region: g.Region },
          evidence: { group_name: g.GroupName, vpc_id: g.VpcId, protocol, ports, cidrs },
          recommendation: advice({ severity, exposes, ports }, perm),
        })
      }
    }
    return findings
  },
}
export default analyzer

function advice({ severity, exposes }: Rating, perm: IpPermission): string {
  if (severity === 'info') return 'Public web ports are often intended; confirm this group fronts a public service.'
  if (protocolOf(perm).startsWith('icmp'))
    return 'Allow only the ICMP types you need (such as path MTU discovery) and from known CIDRs.'
  return `Restrict the source to known CIDRs or a security group, or reach ${exposes[0]} through SSM Session Manager or a VPN.`
}
