// How much a world-open security group rule exposes, by protocol and port. Pure.
import type { IpPermission } from '@aws-sdk/client-ec2'
import type { Severity } from './types.js'

// Services by port, per transport: SSH, RDP and the databases listen on TCP, so UDP 22 is not SSH.
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
const services: Record<'tcp' | 'udp', Record<number, string>> = {
  tcp: { ...remoteAdmin, ...databases },
  // RDP's UDP transport, and Memcached's UDP listener (an amplification vector).
  udp: { 3389: 'RDP', 11211: 'Memcached' },
}
const web = new Set([80, 443])

// Security groups accept protocol numbers as well as names (6 is tcp, 17 udp, 1 icmp, 58 icmpv6).
const protocolNames: Record<string, string> = { '-1': 'all', '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6' }

export interface Rating {
  severity: Severity
  /** What the rule opens, for a person: service names, a port count, "all traffic", ICMP types. */
  exposes: string[]
  /** The ports (for ICMP the type and code) the rule covers, as the finding's id and evidence show them. */
  ports: string
}

/** The rule's protocol by name ('all', 'tcp', 'udp', 'icmp', 'icmpv6') when it is one of those, else as given. */
export function protocolOf(perm: IpPermission): string {
  return protocolNames[perm.IpProtocol ?? 'tcp'] ?? perm.IpProtocol ?? 'tcp'
}

export function rate(perm: IpPermission, extra: readonly number[]): Rating {
  const protocol = protocolOf(perm)
  if (protocol === 'all') return { severity: 'critical', exposes: ['all traffic'], ports: 'all' }
  if (protocol === 'icmp' || protocol === 'icmpv6') return rateIcmp(perm)
  return ratePorts(protocol === 'udp' ? services.udp : protocol === 'tcp' ? services.tcp : {}, perm, extra)
}

/** For ICMP, FromPort is the ICMP type and ToPort the code; -1 means all of them. */
function rateIcmp(perm: IpPermission): Rating {
  const type = perm.FromPort ?? -1
  const code = perm.ToPort ?? -1
  if (type === -1) return { severity: 'low', exposes: ['all ICMP types'], ports: 'all' }
  const ports = code === -1 ? `${type}` : `${type}/${code}`
  return { severity: 'low', exposes: [`ICMP type ${type}${code === -1 ? '' : ` code ${code}`}`], ports }
}

function ratePorts(named: Record<number, string>, perm: IpPermission, extra: readonly number[]): Rating {
  const from = perm.FromPort ?? 0
  const to = perm.ToPort ?? 65535
  const ports = from === to ? `${from}` : `${from}-${to}`
  const sensitive: Record<string, string> = { ...named, ...Object.fromEntries(extra.map((p) => [p, `port ${p}`])) }
  const exposes = Object.entries(sensitive)
    .filter(([p]) => Number(p) >= from && Number(p) <= to)
    .map(([, name]) => name)
  if (to - from >= 1000) return { severity: 'critical', exposes: [`${to - from + 1} ports`, ...exposes], ports }
  if (exposes.length) return { severity: 'high', exposes, ports }
  if (from === to && web.has(from)) return { severity: 'info', exposes: [from === 443 ? 'HTTPS' : 'HTTP'], ports }
  return { severity: 'medium', exposes: [`port ${ports}`], ports }
}
