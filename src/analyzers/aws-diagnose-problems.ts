// How the verdict says what is wrong, in a few words per problem: exposure from the groups' world-open rules (rated
// as sg-open-ingress rates them), everything else from the findings by analyzer and detail.
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2'
import { type Problem, rank } from './aws-diagnose-common.js'
import { type Rating, rate } from './sg-rule-risk.js'
import type { Finding } from './types.js'

const worldCidrs = new Set(['0.0.0.0/0', '::/0'])

const opensToWorld = (perm: IpPermission) =>
  [...(perm.IpRanges ?? []).map((r) => r.CidrIp), ...(perm.Ipv6Ranges ?? []).map((r) => r.CidrIpv6)].some(
    (c) => c !== undefined && worldCidrs.has(c),
  )

/** "SSH, PostgreSQL open to the internet" as a problem, or what is fine ("no exposure", "only HTTPS open ..."). */
export function exposureOf(groups: readonly SecurityGroup[], none: string): { problems: Problem[]; fine: string[] } {
  // Stryker disable ArrayDeclaration: a non-rule element has no ranges (opensToWorld drops it), and a non-number
  // extra port is NaN, inside no range, so never named
  const ratings = groups
    .flatMap((g) => g.IpPermissions ?? [])
    .filter(opensToWorld)
    .map((p) => rate(p, []))
  // Stryker restore ArrayDeclaration
  if (ratings.length === 0) return { problems: [], fine: [none] }
  const sorted = [...ratings].sort((a, b) => rank(a.severity) - rank(b.severity))
  const risky = sorted.filter((r) => r.severity !== 'info')
  if (risky.length === 0) return { problems: [], fine: [`only ${names(sorted)} open to the internet`] }
  return {
    // Stryker disable next-line OptionalChaining: risky is not empty here (the return above)
    problems: [{ severity: risky[0]?.severity ?? 'medium', text: `${names(risky)} open to the internet` }],
    // Stryker disable next-line ArrayDeclaration: a risky rule is also a non-info finding, so fine is never said
    fine: [],
  }
}

const names = (ratings: Rating[]) => [...new Set(ratings.flatMap((r) => r.exposes))].join(', ')

type Phrase = ((f: Finding) => string) | 'said-elsewhere'

const usd = (v: unknown) => (typeof v === 'number' ? ` (about $${v.toFixed(2)}/month)` : '')

// By analyzer, then by the detail after the resource id in a finding's id ('' when there is none).
const phrases: Record<string, Record<string, Phrase> | 'said-elsewhere'> = {
  // Exposure is said once for all rules, from the groups (exposureOf).
  'sg-open-ingress': 'said-elsewhere',
  'ec2-hardening': {
    imdsv1: () => 'IMDSv1 allowed',
    'public-ip': (f) => `public IP ${String(f.evidence.public_ip)}`,
    unencrypted: (f) => `unencrypted volume ${String(f.evidence.volume_id)}`,
  },
  'ec2-idle': {
    '': (f) => `idle: ${String(f.evidence.average_cpu_percent)}% average CPU`,
    stopped: (f) => `still paying for its EBS volumes${usd(f.evidence.monthly_usd)}`,
  },
  'ebs-unattached': { '': (f) => `attached to nothing${usd(f.evidence.monthly_usd)}` },
  // Status checks and state are part of the verdict's state.
  'aws-diagnose': {
    'status-checks': 'said-elsewhere',
    state: 'said-elsewhere',
    event: (f) => `scheduled ${String(f.evidence.code)}`,
    unencrypted: () => 'not encrypted',
  },
}

/** One phrase per finding worse than info, unless its state or exposure already says it; a finding's title else. */
export function problemsOf(findings: readonly Finding[]): Problem[] {
  const out: Problem[] = []
  for (const f of findings) {
    if (f.severity === 'info') continue
    const [analyzer = '', , detail = ''] = f.id.split(':')
    const table = phrases[analyzer]
    const phrase = table === 'said-elsewhere' ? table : table?.[detail]
    if (phrase === 'said-elsewhere') continue
    out.push({ severity: f.severity, text: phrase ? phrase(f) : f.title })
  }
  return merged(out, 'unencrypted volume ', 'unencrypted volumes ')
}

/** "unencrypted volume vol-a", "unencrypted volume vol-b" → "unencrypted volumes vol-a, vol-b", where the first was. */
function merged(problems: Problem[], one: string, many: string): Problem[] {
  const same = problems.filter((p) => p.text.startsWith(one))
  if (same.length < 2) return problems
  const text = `${many}${same.map((p) => p.text.slice(one.length)).join(', ')}`
  const first = same[0] as Problem
  return problems.flatMap((p) => (p === first ? [{ severity: p.severity, text }] : same.includes(p) ? [] : [p]))
}
