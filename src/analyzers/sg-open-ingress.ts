// Security group ingress open to the whole internet (0.0.0.0/0 or ::/0), rated by what the port exposes.
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2'
import type { AnalyzerDefinition, Finding, Severity } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const remoteAdmin: Record<number, string> = { 22: 'SSH', 3389: 'RDP', 5985: 'WinRM', 5986: 'WinRM', 23: 'Telnet' }
const databases: Record<number, string> = {
  1433: 'SQL Server',
  1521: 'Oracle',
  2379: 'etcd',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  5984: 'CouchDB',
  6379: 'Redis',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  27017: 'MongoDB',
}
const web = new Set([80, 443])
const worldCidrs = new Set(['0.0.0.0/0', '::/0'])

type Group = SecurityGroup & { Region?: string }

export function rate(
  perm: IpPermission,
  extra: readonly number[],
): { severity: Severity; exposes: string[]; ports: string } {
  if (perm.IpProtocol === '-1') return { severity: 'critical', exposes: ['all traffic'], ports: 'all' }
  const from = perm.FromPort ?? 0
  const to = perm.ToPort ?? 65535
  const ports = from === to ? `${from}` : `${from}-${to}`
  const named: Record<string, string> = {
    ...remoteAdmin,
    ...databases,
    ...Object.fromEntries(extra.map((p) => [p, `port ${p}`])),
  }
  const exposes = Object.entries(named)
    .filter(([p]) => Number(p) >= from && Number(p) <= to)
    .map(([, name]) => name)
  if (to - from >= 1000) return { severity: 'critical', exposes: [`${to - from + 1} ports`, ...exposes], ports }
  if (exposes.length) return { severity: 'high', exposes, ports }
  if (from === to && web.has(from)) return { severity: 'info', exposes: [from === 443 ? 'HTTPS' : 'HTTP'], ports }
  return { severity: 'medium', exposes: [`port ${ports}`], ports }
}

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
      for (const perm of g.IpPermissions ?? []) {
        const cidrs = [
          ...(perm.IpRanges ?? []).map((r) => r.CidrIp),
          ...(perm.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
        ].filter((c): c is string => Boolean(c && worldCidrs.has(c)))
        if (cidrs.length === 0) continue
        const { severity, exposes, ports } = rate(perm, options.sensitive_ports ?? [])
        const protocol = perm.IpProtocol === '-1' ? 'all' : (perm.IpProtocol ?? 'tcp')
        findings.push({
          id: `sg-open-ingress:${g.GroupId}:${protocol}:${ports}`,
          severity,
          title: `${g.GroupName ?? g.GroupId} allows ${exposes.join(', ')} from the internet (${protocol} ${ports})`,
          resource: { provider: 'aws', type: 'security_group', id: g.GroupId ?? '', region: g.Region },
          evidence: { group_name: g.GroupName, vpc_id: g.VpcId, protocol, ports, cidrs },
          recommendation:
            severity === 'info'
              ? 'Public web ports are often intended; confirm this group fronts a public service.'
              : `Restrict the source to known CIDRs or a security group, or reach ${exposes[0]} through SSM Session Manager or a VPN.`,
        })
      }
    }
    return findings
  },
}
export default analyzer
