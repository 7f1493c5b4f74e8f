// An instance's EC2 status checks (system, instance, attached EBS) and scheduled events, from
// aws.ec2.describe_instance_status: a fact for the verdict's state, and a finding when a check is not ok.
import type { InstanceStatus } from '@aws-sdk/client-ec2'
import type { ActionOutput } from '../actions/types.js'
import { notSeen } from './aws-diagnose-common.js'
import type { Finding, FindingResource, Severity } from './types.js'
import { itemsOf } from './util.js'

// Worst first; "not-applicable" (a stopped instance) is no check at all.
const outcomes: Record<string, Severity> = {
  impaired: 'high',
  'insufficient-data': 'low',
  initializing: 'info',
  // Stryker disable next-line StringLiteral: never read: a worst check of ok returns before its severity is taken
  ok: 'info',
}
const order = Object.keys(outcomes)

interface StatusFacts {
  /** "status checks ok", "status checks impaired (instance: impaired)"; none when no check applies. */
  facts: string[]
  findings: Finding[]
  evidence: Record<string, unknown>
}

export function statusOf(resource: FindingResource, running: boolean, input: ActionOutput | undefined): StatusFacts {
  const id = resource.id
  if (!input) return { facts: [], findings: [notSeen(resource, 'EC2 status checks', 'status')], evidence: {} }
  const s = itemsOf<InstanceStatus>(input).find((x) => x.InstanceId === id)
  if (!s) return { facts: running ? ['status checks not reported'] : [], findings: [], evidence: {} }
  const reported: [string, string | undefined][] = [
    ['system', s.SystemStatus?.Status],
    ['instance', s.InstanceStatus?.Status],
    ['ebs', s.AttachedEbsStatus?.Status],
  ]
  const checks = reported.filter((e): e is [string, string] => e[1] !== undefined && Object.hasOwn(outcomes, e[1]))
  const evidence = { status_checks: Object.fromEntries(checks) }
  const events = scheduledEvents(resource, s)
  const worst = order.find((o) => checks.some(([, v]) => v === o))
  if (!worst) return { facts: [], findings: events, evidence }
  if (worst === 'ok') return { facts: ['status checks ok'], findings: events, evidence }
  const which = checks.filter(([, v]) => v === worst).map(([k, v]) => `${k}: ${v}`)
  const fact = `status checks ${worst} (${which.join(', ')})`
  const finding: Finding = {
    id: `aws-diagnose:${id}:status-checks`,
    // Stryker disable next-line StringLiteral: worst is always one of the outcomes, so the fallback is never taken
    severity: outcomes[worst] ?? 'low',
    title: `${id}: ${fact}`,
    resource,
    evidence: { ...evidence, details: detailsOf(s) },
    recommendation:
      worst === 'impaired'
        ? 'A failed system check is AWS hardware or network: stop and start it to move hosts. A failed instance check is the OS: read its console output and screenshot.'
        : 'Checks are still starting or lack data; look again in a few minutes.',
  }
  return { facts: [fact], findings: [finding, ...events], evidence }
}

function detailsOf(s: InstanceStatus): Record<string, string | undefined> {
  const details = [
    ...(s.SystemStatus?.Details ?? []).map((d) => [`system.${d.Name}`, d.Status]),
    ...(s.InstanceStatus?.Details ?? []).map((d) => [`instance.${d.Name}`, d.Status]),
  ]
  return Object.fromEntries(details)
}

/** Scheduled maintenance not yet done: AWS marks past and cancelled ones in the description. */
function scheduledEvents(resource: FindingResource, s: InstanceStatus): Finding[] {
  // Stryker disable next-line StringLiteral: any fallback not starting with [Completed] or [Canceled] keeps the event alike
  const pending = (s.Events ?? []).filter((e) => !/^\[(Completed|Canceled)\]/.test(e.Description ?? ''))
  return pending.map((e) => ({
    id: `aws-diagnose:${resource.id}:event:${e.Code}`,
    severity: 'medium',
    title: `${resource.id} has a scheduled ${e.Code}${e.NotBefore ? ` from ${new Date(e.NotBefore).toISOString()}` : ''}`,
    resource,
    evidence: {
      code: e.Code,
      description: e.Description,
      not_before: e.NotBefore ? new Date(e.NotBefore).toISOString() : undefined,
      not_after: e.NotAfter ? new Date(e.NotAfter).toISOString() : undefined,
    },
    recommendation:
      'Stop and start it (or reboot it, for a reboot event) in a window of your choosing before AWS does.',
  }))
}
