// sg-open-ingress, as the aws-security-group-exposure playbook runs it: security groups from
// aws.ec2.describe_security_groups in every region, sensitive_ports from the playbook (default []).
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { analysisOf, ids, only, out } from './support.js'

const analysis = await analysisOf('aws-security-group-exposure', 'sg-open-ingress')

type Group = SecurityGroup & { Region?: string }
const group = (id: string, ingress: IpPermission[], region = 'us-east-1', egress?: IpPermission[]): Group => ({
  GroupId: id,
  GroupName: `${id}-name`,
  Description: 'seeded',
  OwnerId: '123456789012',
  VpcId: 'vpc-0a1b2c3d',
  IpPermissions: ingress,
  IpPermissionsEgress: egress ?? [
    { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
  ],
  Tags: [],
  Region: region,
})
const rule = (protocol: string, from: number | undefined, to: number | undefined, cidrs: string[]): IpPermission => ({
  IpProtocol: protocol,
  ...(from !== undefined ? { FromPort: from } : {}),
  ...(to !== undefined ? { ToPort: to } : {}),
  IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
  Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
  PrefixListIds: [],
  UserIdGroupPairs: [],
})
const tcp = (port: number | [number, number], ...cidrs: string[]) => {
  const [from, to] = Array.isArray(port) ? port : [port, port]
  return rule('tcp', from, to, cidrs)
}
const run = (groups: Group[], params = {}) => analysis.run({ groups: out(groups) }, params)

describe('sg-open-ingress flags world-open ingress', () => {
  it.each([
    {
      state: 'SSH from 0.0.0.0/0 → high',
      perm: tcp(22, '0.0.0.0/0'),
      params: {},
      key: 'tcp:22',
      severity: 'high',
      exposes: 'SSH',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'SSH from ::/0 → high',
      perm: tcp(22, '::/0'),
      params: {},
      key: 'tcp:22',
      severity: 'high',
      exposes: 'SSH',
      cidrs: ['::/0'],
    },
    {
      state: 'RDP → high',
      perm: tcp(3389, '0.0.0.0/0'),
      params: {},
      key: 'tcp:3389',
      severity: 'high',
      exposes: 'RDP',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'PostgreSQL → high',
      perm: tcp(5432, '0.0.0.0/0'),
      params: {},
      key: 'tcp:5432',
      severity: 'high',
      exposes: 'PostgreSQL',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'Redis → high',
      perm: tcp(6379, '0.0.0.0/0'),
      params: {},
      key: 'tcp:6379',
      severity: 'high',
      exposes: 'Redis',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'a small range that includes SSH (20-25) → high',
      perm: tcp([20, 25], '0.0.0.0/0'),
      params: {},
      key: 'tcp:20-25',
      severity: 'high',
      exposes: 'SSH',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'all traffic (protocol -1) → critical',
      perm: rule('-1', undefined, undefined, ['0.0.0.0/0']),
      params: {},
      key: 'all:all',
      severity: 'critical',
      exposes: 'all traffic',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'every TCP port → critical',
      perm: tcp([0, 65535], '0.0.0.0/0'),
      params: {},
      key: 'tcp:0-65535',
      severity: 'critical',
      exposes: '65536 ports',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'a range of 1001 ports with no named service → critical',
      perm: tcp([8000, 9000], '0.0.0.0/0'),
      params: {},
      key: 'tcp:8000-9000',
      severity: 'critical',
      exposes: '1001 ports',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'an unnamed port (8080) → medium',
      perm: tcp(8080, '0.0.0.0/0'),
      params: {},
      key: 'tcp:8080',
      severity: 'medium',
      exposes: 'port 8080',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'a 1000-port range with no named service (8000-8999) → medium',
      perm: tcp([8000, 8999], '0.0.0.0/0'),
      params: {},
      key: 'tcp:8000-8999',
      severity: 'medium',
      exposes: 'port 8000-8999',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'a range spanning HTTP and HTTPS (80-443) → medium, not info',
      perm: tcp([80, 443], '0.0.0.0/0'),
      params: {},
      key: 'tcp:80-443',
      severity: 'medium',
      exposes: 'port 80-443',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'DNS over UDP → medium',
      perm: rule('udp', 53, 53, ['0.0.0.0/0']),
      params: {},
      key: 'udp:53',
      severity: 'medium',
      exposes: 'port 53',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'HTTPS → info',
      perm: tcp(443, '0.0.0.0/0', '::/0'),
      params: {},
      key: 'tcp:443',
      severity: 'info',
      exposes: 'HTTPS',
      cidrs: ['0.0.0.0/0', '::/0'],
    },
    {
      state: 'HTTP → info',
      perm: tcp(80, '0.0.0.0/0'),
      params: {},
      key: 'tcp:80',
      severity: 'info',
      exposes: 'HTTP',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: '8080 when run with sensitive_ports=[8080] → high',
      perm: tcp(8080, '0.0.0.0/0'),
      params: { sensitive_ports: [8080] },
      key: 'tcp:8080',
      severity: 'high',
      exposes: 'port 8080',
      cidrs: ['0.0.0.0/0'],
    },
    {
      state: 'only the world CIDRs of a rule that also allows 10.0.0.0/8',
      perm: tcp(22, '10.0.0.0/8', '0.0.0.0/0', '192.168.0.0/16'),
      params: {},
      key: 'tcp:22',
      severity: 'high',
      exposes: 'SSH',
      cidrs: ['0.0.0.0/0'],
    },
  ])('$state', ({ perm, params, key, severity, exposes, cidrs }) => {
    const findings = run([group('sg-0aa1', [perm])], params)
    const id = `sg-open-ingress:sg-0aa1:${key}`
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.resource).toEqual({ provider: 'aws', type: 'security_group', id: 'sg-0aa1', region: 'us-east-1' })
    const [protocol, ports] = key.split(':')
    expect(f.evidence).toEqual({ group_name: 'sg-0aa1-name', vpc_id: 'vpc-0a1b2c3d', protocol, ports, cidrs })
    expect(f.title).toContain(exposes)
  })

  it('reports each world-open rule of a group, in every region, with its region', () => {
    const findings = analysis.run({
      groups: {
        'us-east-1': out([group('sg-0aa1', [tcp(22, '0.0.0.0/0'), tcp(443, '0.0.0.0/0')])]),
        'eu-west-1': out([group('sg-0bb2', [tcp(3389, '0.0.0.0/0')], 'eu-west-1')]),
      },
    })
    expect(findings.map((f) => [f.id, f.severity, f.resource.region])).toEqual([
      ['sg-open-ingress:sg-0aa1:tcp:22', 'high', 'us-east-1'],
      ['sg-open-ingress:sg-0aa1:tcp:443', 'info', 'us-east-1'],
      ['sg-open-ingress:sg-0bb2:tcp:3389', 'high', 'eu-west-1'],
    ])
  })
})

describe('sg-open-ingress does not flag (next to a world-open SSH rule it does)', () => {
  const control = group('sg-control', [tcp(22, '0.0.0.0/0')])
  it.each([
    { state: 'SSH from 10.0.0.0/8', g: group('sg-1', [tcp(22, '10.0.0.0/8')]) },
    { state: 'SSH from a single /32', g: group('sg-1', [tcp(22, '203.0.113.7/32')]) },
    { state: 'SSH from half the internet (0.0.0.0/1), not the world CIDR', g: group('sg-1', [tcp(22, '0.0.0.0/1')]) },
    { state: 'SSH from an IPv6 /64', g: group('sg-1', [tcp(22, '2001:db8::/64')]) },
    {
      state: 'SSH from another security group',
      g: group('sg-1', [{ ...tcp(22), UserIdGroupPairs: [{ GroupId: 'sg-bastion', UserId: '123456789012' }] }]),
    },
    {
      state: 'SSH from a prefix list',
      g: group('sg-1', [{ ...tcp(22), PrefixListIds: [{ PrefixListId: 'pl-0a1b2c' }] }]),
    },
    { state: 'a group with no ingress (egress open to the world)', g: group('sg-1', []) },
    { state: 'egress-only world rules', g: group('sg-1', [], 'us-east-1', [tcp(22, '0.0.0.0/0')]) },
  ])('$state', ({ g }) => {
    expect(ids(run([control, g]))).toEqual(['sg-open-ingress:sg-control:tcp:22'])
  })
})

describe('sg-open-ingress when security groups could not be described', () => {
  it('says so (info)', () => {
    const findings = analysis.run({ groups: { 'us-east-1': undefined, 'eu-west-1': undefined } })
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['sg-open-ingress:account:not-seen:security', 'info']])
  })

  it('reports the regions it could see when one region failed', () => {
    const findings = analysis.run({
      groups: { 'us-east-1': undefined, 'eu-west-1': out([group('sg-0bb2', [tcp(22, '0.0.0.0/0')], 'eu-west-1')]) },
    })
    expect(ids(findings)).toEqual(['sg-open-ingress:sg-0bb2:tcp:22'])
  })
})

describe('sg-open-ingress reads the rule’s protocol', () => {
  // Once wrong: FromPort/ToPort were read as ports for every protocol, so "all ICMP" (type -1, code -1) read as
  // "port -1", rated medium like an open application port; and UDP 22 was called SSH.
  it.each([
    {
      state: 'all ICMP (type -1) → low, "all ICMP types"',
      perm: rule('icmp', -1, -1, ['0.0.0.0/0']),
      key: 'icmp:all',
      severity: 'low',
      exposes: 'all ICMP types',
    },
    {
      state: 'all ICMPv6 from ::/0 → low',
      perm: rule('icmpv6', -1, -1, ['::/0']),
      key: 'icmpv6:all',
      severity: 'low',
      exposes: 'all ICMP types',
    },
    {
      state: 'ICMP echo request (type 8, any code) → low',
      perm: rule('icmp', 8, -1, ['0.0.0.0/0']),
      key: 'icmp:8',
      severity: 'low',
      exposes: 'ICMP type 8',
    },
    {
      state: 'ICMP type 3 code 4 (fragmentation needed) → low',
      perm: rule('icmp', 3, 4, ['0.0.0.0/0']),
      key: 'icmp:3/4',
      severity: 'low',
      exposes: 'ICMP type 3 code 4',
    },
    {
      state: 'ICMP by protocol number (1) → low',
      perm: rule('1', -1, -1, ['0.0.0.0/0']),
      key: '1:all',
      severity: 'low',
      exposes: 'all ICMP types',
    },
    {
      state: 'all traffic (-1) with FromPort/ToPort -1 → critical, not "port -1"',
      perm: rule('-1', -1, -1, ['0.0.0.0/0']),
      key: 'all:all',
      severity: 'critical',
      exposes: 'all traffic',
    },
    {
      state: 'TCP 22 → high, SSH',
      perm: tcp(22, '0.0.0.0/0'),
      key: 'tcp:22',
      severity: 'high',
      exposes: 'SSH',
    },
    {
      state: 'TCP 22 by protocol number (6) → high, SSH',
      perm: rule('6', 22, 22, ['0.0.0.0/0']),
      key: '6:22',
      severity: 'high',
      exposes: 'SSH',
    },
    {
      state: 'UDP 22 → medium, a plain port (not SSH)',
      perm: rule('udp', 22, 22, ['0.0.0.0/0']),
      key: 'udp:22',
      severity: 'medium',
      exposes: 'port 22',
    },
    {
      state: 'UDP 5432 → medium, a plain port (not PostgreSQL)',
      perm: rule('udp', 5432, 5432, ['0.0.0.0/0']),
      key: 'udp:5432',
      severity: 'medium',
      exposes: 'port 5432',
    },
    {
      state: 'UDP 3389 → high, RDP’s UDP transport',
      perm: rule('udp', 3389, 3389, ['0.0.0.0/0']),
      key: 'udp:3389',
      severity: 'high',
      exposes: 'RDP',
    },
    {
      state: 'UDP 11211 → high, Memcached (an amplification vector)',
      perm: rule('udp', 11211, 11211, ['0.0.0.0/0']),
      key: 'udp:11211',
      severity: 'high',
      exposes: 'Memcached',
    },
    {
      state: 'a UDP range over 22 (20-25) → medium, not SSH',
      perm: rule('udp', 20, 25, ['0.0.0.0/0']),
      key: 'udp:20-25',
      severity: 'medium',
      exposes: 'port 20-25',
    },
  ])('$state', ({ perm, key, severity, exposes }) => {
    const id = `sg-open-ingress:sg-0aa1:${key}`
    const findings = run([group('sg-0aa1', [perm])])
    expect(ids(findings)).toEqual([id])
    const f = only(findings, id)
    expect(f.severity).toBe(severity)
    expect(f.title).toContain(exposes)
    expect(f.title).not.toContain('-1')
    const [protocol, ports] = key.split(':')
    expect(f.evidence).toMatchObject({ protocol, ports })
  })

  it.each([
    { state: 'UDP 22', perm: rule('udp', 22, 22, ['0.0.0.0/0']) },
    { state: 'UDP 3306', perm: rule('udp', 3306, 3306, ['0.0.0.0/0']) },
    { state: 'all ICMP', perm: rule('icmp', -1, -1, ['0.0.0.0/0']) },
  ])('does not name SSH or a database for $state', ({ perm }) => {
    const [f] = run([group('sg-0aa1', [perm])])
    expect(f?.title).not.toMatch(/SSH|MySQL|port -1/)
    expect(f?.severity).not.toBe('high')
  })
})
