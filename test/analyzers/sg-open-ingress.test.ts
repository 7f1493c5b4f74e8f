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
    expect(findings).toEqual([
      {
        id: 'sg-open-ingress:account:not-seen:security',
        severity: 'info',
        title: 'Not checked: security groups (the describe step failed)',
        resource: { provider: 'aws', type: 'account', id: 'account' },
        evidence: {},
        recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
      },
    ])
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

describe('sg-open-ingress names every service it rates high, on its transport', () => {
  it.each([
    [22, 'SSH'],
    [23, 'Telnet'],
    [3389, 'RDP'],
    [5985, 'WinRM'],
    [5986, 'WinRM'],
    [1433, 'SQL Server'],
    [1521, 'Oracle'],
    [2379, 'etcd'],
    [3306, 'MySQL'],
    [5432, 'PostgreSQL'],
    [5984, 'CouchDB'],
    [6379, 'Redis'],
    [9200, 'Elasticsearch'],
    [11211, 'Memcached'],
    [27017, 'MongoDB'],
  ])('TCP %i → high, %s', (port, name) => {
    const [f] = run([group('sg-0aa1', [tcp(port, '0.0.0.0/0')])])
    expect(f).toMatchObject({
      id: `sg-open-ingress:sg-0aa1:tcp:${port}`,
      severity: 'high',
      title: `sg-0aa1-name allows ${name} from the internet (tcp ${port})`,
      recommendation: `Restrict the source to known CIDRs or a security group, or reach ${name} through SSM Session Manager or a VPN.`,
    })
  })

  it.each([
    { state: 'UDP 3389 → RDP', perm: rule('udp', 3389, 3389, ['0.0.0.0/0']), severity: 'high', exposes: 'RDP' },
    {
      state: 'UDP 11211 by protocol number (17) → Memcached',
      perm: rule('17', 11211, 11211, ['0.0.0.0/0']),
      severity: 'high',
      exposes: 'Memcached',
    },
    {
      state: 'UDP 23 → a plain port',
      perm: rule('udp', 23, 23, ['0.0.0.0/0']),
      severity: 'medium',
      exposes: 'port 23',
    },
    {
      state: 'UDP 27017 by protocol number (17) → a plain port',
      perm: rule('17', 27017, 27017, ['0.0.0.0/0']),
      severity: 'medium',
      exposes: 'port 27017',
    },
    {
      state: 'UDP 80 → info, HTTP (a single web port)',
      perm: rule('udp', 80, 80, ['0.0.0.0/0']),
      severity: 'info',
      exposes: 'HTTP',
    },
  ])('$state', ({ perm, severity, exposes }) => {
    const [f] = run([group('sg-0aa1', [perm])])
    expect(f?.severity).toBe(severity)
    expect(f?.title).toBe(`sg-0aa1-name allows ${exposes} from the internet (${perm.IpProtocol} ${perm.FromPort})`)
  })

  it.each([
    { state: 'ending on SSH (20-22)', port: [20, 22] as [number, number], exposes: 'SSH' },
    { state: 'starting on SSH (22-23)', port: [22, 23] as [number, number], exposes: 'SSH, Telnet' },
    {
      state: 'over both WinRM ports (5984-5986)',
      port: [5984, 5986] as [number, number],
      exposes: 'CouchDB, WinRM, WinRM',
    },
    { state: 'just past SSH (24-79)', port: [24, 79] as [number, number], exposes: undefined },
    { state: 'just before SSH (0-21)', port: [0, 21] as [number, number], exposes: undefined },
  ])('a range $state names exactly the services inside it', ({ port, exposes }) => {
    const [f] = run([group('sg-0aa1', [tcp(port, '0.0.0.0/0')])])
    const ports = `${port[0]}-${port[1]}`
    expect(f?.severity).toBe(exposes ? 'high' : 'medium')
    expect(f?.title).toBe(`sg-0aa1-name allows ${exposes ?? `port ${ports}`} from the internet (tcp ${ports})`)
  })

  it('a wide range is critical and still names what it exposes, in port order', () => {
    const [f] = run([group('sg-0aa1', [tcp([0, 65535], '0.0.0.0/0')])])
    expect(f?.severity).toBe('critical')
    expect(f?.title).toBe(
      'sg-0aa1-name allows 65536 ports, SSH, Telnet, SQL Server, Oracle, etcd, MySQL, RDP, PostgreSQL, CouchDB, WinRM, ' +
        'WinRM, Redis, Elasticsearch, Memcached, MongoDB from the internet (tcp 0-65535)',
    )
    expect(f?.recommendation).toBe(
      'Restrict the source to known CIDRs or a security group, or reach 65536 ports through SSM Session Manager or a VPN.',
    )
  })

  it('a wide range with sensitive_ports names them as ports, after the known services', () => {
    const [f] = run([group('sg-0aa1', [tcp([8000, 9300], '0.0.0.0/0')])], { sensitive_ports: [8080, 9300, 9301] })
    expect(f?.severity).toBe('critical')
    expect(f?.title).toBe(
      'sg-0aa1-name allows 1301 ports, port 8080, Elasticsearch, port 9300 from the internet (tcp 8000-9300)',
    )
  })
})

describe('sg-open-ingress reads what the rule leaves out', () => {
  it.each([
    {
      state: 'no protocol, ports 22 → TCP, SSH',
      perm: { FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: 'tcp:22',
      severity: 'high',
      title: 'sg-0aa1-name allows SSH from the internet (tcp 22)',
    },
    {
      state: 'TCP without ports → every port, critical',
      perm: { IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: 'tcp:0-65535',
      severity: 'critical',
      title: expect.stringMatching(/^sg-0aa1-name allows 65536 ports, SSH, .* from the internet \(tcp 0-65535\)$/),
    },
    {
      state: 'TCP from 0 (ToPort only) → 0-99',
      perm: { IpProtocol: 'tcp', ToPort: 99, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: 'tcp:0-99',
      severity: 'high',
      title: 'sg-0aa1-name allows SSH, Telnet from the internet (tcp 0-99)',
    },
    {
      state: 'TCP up to 65535 (FromPort only) → 65000-65535',
      perm: { IpProtocol: 'tcp', FromPort: 65000, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: 'tcp:65000-65535',
      severity: 'medium',
      title: 'sg-0aa1-name allows port 65000-65535 from the internet (tcp 65000-65535)',
    },
    {
      state: 'ICMP without type or code → all ICMP types',
      perm: { IpProtocol: 'icmp', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: 'icmp:all',
      severity: 'low',
      title: 'sg-0aa1-name allows all ICMP types from the internet (icmp all)',
    },
    {
      state: 'ICMP type 8 without a code → type 8, any code',
      perm: { IpProtocol: 'icmp', FromPort: 8, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: 'icmp:8',
      severity: 'low',
      title: 'sg-0aa1-name allows ICMP type 8 from the internet (icmp 8)',
    },
    {
      state: 'ICMPv6 by protocol number (58), type 128 code 0, IPv6 only',
      perm: { IpProtocol: '58', FromPort: 128, ToPort: 0, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      key: '58:128/0',
      severity: 'low',
      title: 'sg-0aa1-name allows ICMP type 128 code 0 from the internet (58 128/0)',
    },
    {
      state: 'a protocol it does not name (GRE, 47) → no service, every port',
      perm: { IpProtocol: '47', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: '47:0-65535',
      severity: 'critical',
      title: 'sg-0aa1-name allows 65536 ports from the internet (47 0-65535)',
    },
    {
      state: 'SCTP (132) on port 22 → a plain port, not SSH',
      perm: { IpProtocol: '132', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      key: '132:22',
      severity: 'medium',
      title: 'sg-0aa1-name allows port 22 from the internet (132 22)',
    },
  ])('$state', ({ perm, key, severity, title }) => {
    const findings = run([group('sg-0aa1', [perm as IpPermission])])
    expect(findings).toEqual([expect.objectContaining({ id: `sg-open-ingress:sg-0aa1:${key}`, severity, title })])
  })

  it('names the group by its id when it has no name, and says every protocol for all traffic', () => {
    const g: Group = { GroupId: 'sg-0cc3', IpPermissions: [rule('-1', undefined, undefined, ['::/0'])] }
    expect(run([g])).toEqual([
      {
        id: 'sg-open-ingress:sg-0cc3:all:all',
        severity: 'critical',
        title: 'sg-0cc3 allows all traffic from the internet (every protocol and port)',
        resource: { provider: 'aws', type: 'security_group', id: 'sg-0cc3', region: undefined },
        evidence: { group_name: undefined, vpc_id: undefined, protocol: 'all', ports: 'all', cidrs: ['::/0'] },
        recommendation:
          'Restrict the source to known CIDRs or a security group, or reach all traffic through SSM Session Manager or a VPN.',
      },
    ])
  })

  it('a group with no id gives a finding with an empty resource id', () => {
    const [f] = run([{ GroupName: 'nameless', IpPermissions: [tcp(22, '0.0.0.0/0')] }])
    expect(f?.resource.id).toBe('')
    expect(f?.title).toBe('nameless allows SSH from the internet (tcp 22)')
  })

  it('a group without IpPermissions, and a rule without ranges, flag nothing', () => {
    const bare: Group = { GroupId: 'sg-0dd4' }
    const noRanges: Group = { GroupId: 'sg-0ee5', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }] }
    expect(run([bare, noRanges, group('sg-control', [tcp(22, '0.0.0.0/0')])]).map((f) => f.id)).toEqual([
      'sg-open-ingress:sg-control:tcp:22',
    ])
  })
})

describe('sg-open-ingress advises by what is open', () => {
  it.each([
    {
      state: 'a public web port',
      perm: tcp(443, '0.0.0.0/0'),
      advice: 'Public web ports are often intended; confirm this group fronts a public service.',
    },
    {
      state: 'ICMP',
      perm: rule('icmp', 3, 4, ['0.0.0.0/0']),
      advice: 'Allow only the ICMP types you need (such as path MTU discovery) and from known CIDRs.',
    },
    // Once wrong: ICMP given by protocol number (1, 58) was rated low as ICMP, but advised to be reached "through SSM
    // Session Manager or a VPN", like a TCP service.
    {
      state: 'ICMP by protocol number (1)',
      perm: rule('1', 8, -1, ['0.0.0.0/0']),
      advice: 'Allow only the ICMP types you need (such as path MTU discovery) and from known CIDRs.',
    },
    {
      state: 'ICMPv6 by protocol number (58)',
      perm: rule('58', -1, -1, ['::/0']),
      advice: 'Allow only the ICMP types you need (such as path MTU discovery) and from known CIDRs.',
    },
    {
      state: 'ICMPv6',
      perm: rule('icmpv6', -1, -1, ['::/0']),
      advice: 'Allow only the ICMP types you need (such as path MTU discovery) and from known CIDRs.',
    },
    {
      state: 'an unnamed port',
      perm: tcp(8080, '0.0.0.0/0'),
      advice:
        'Restrict the source to known CIDRs or a security group, or reach port 8080 through SSM Session Manager or a VPN.',
    },
    {
      state: 'PostgreSQL',
      perm: tcp(5432, '0.0.0.0/0'),
      advice:
        'Restrict the source to known CIDRs or a security group, or reach PostgreSQL through SSM Session Manager or a VPN.',
    },
  ])('$state', ({ perm, advice }) => {
    const [f] = run([group('sg-0aa1', [perm])])
    expect(f?.recommendation).toBe(advice)
  })
})

describe('sg-open-ingress titles', () => {
  it.each([
    { perm: tcp(22, '0.0.0.0/0'), title: 'sg-0aa1-name allows SSH from the internet (tcp 22)' },
    {
      perm: tcp([8000, 8999], '0.0.0.0/0'),
      title: 'sg-0aa1-name allows port 8000-8999 from the internet (tcp 8000-8999)',
    },
    { perm: tcp(443, '::/0'), title: 'sg-0aa1-name allows HTTPS from the internet (tcp 443)' },
    { perm: tcp(80, '0.0.0.0/0'), title: 'sg-0aa1-name allows HTTP from the internet (tcp 80)' },
    {
      perm: rule('-1', -1, -1, ['0.0.0.0/0']),
      title: 'sg-0aa1-name allows all traffic from the internet (every protocol and port)',
    },
    {
      perm: rule('icmp', 3, 4, ['0.0.0.0/0']),
      title: 'sg-0aa1-name allows ICMP type 3 code 4 from the internet (icmp 3/4)',
    },
    { perm: rule('1', -1, -1, ['0.0.0.0/0']), title: 'sg-0aa1-name allows all ICMP types from the internet (1 all)' },
  ])('$title', ({ perm, title }) => {
    expect(run([group('sg-0aa1', [perm])])[0]?.title).toBe(title)
  })
})

describe('sg-open-ingress options', () => {
  it.each([{ sensitive_ports: [0, 65535] }, { sensitive_ports: [] }])('accepts sensitive_ports %j', (params) => {
    expect(() => run([group('sg-0aa1', [tcp(22, '0.0.0.0/0')])], params)).not.toThrow()
  })

  it.each([
    { sensitive_ports: [65536] },
    { sensitive_ports: [-1] },
    { sensitive_ports: ['ssh'] },
    { sensitive_ports: [22.5] },
    { sensitive_ports: 22 },
  ])('refuses sensitive_ports %j', (params) => {
    expect(() => run([group('sg-0aa1', [tcp(22, '0.0.0.0/0')])], params)).toThrow(/invalid with/)
  })
})
