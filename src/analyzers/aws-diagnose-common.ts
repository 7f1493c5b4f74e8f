// What the parts of the aws-diagnose analyzer share: its options, what each kind's diagnosis hands to the verdict,
// and the resource a finding about the diagnosed object names.
import type { RelatedKind } from '../actions/aws/related-id.js'
import { type Finding, type FindingResource, findingSeverities, type Severity } from './types.js'

/** The analyzer's `with`: the playbook's params. */
export interface DiagnoseOptions {
  /** The object asked about; unset only when the plan was made without one. */
  id?: string
  /** The kind the question said, if any (the id's prefix decides; a different one is reported). */
  kind?: RelatedKind
  /** The region the question named. */
  region?: string
  /** Days of CPU history the cpu step averaged. */
  days?: number
}

/** A problem as the verdict says it: one short phrase ("SSH open to the internet"). */
export interface Problem {
  severity: Severity
  text: string
}

/** One object's diagnosis, from which the verdict line is made. */
export interface Diagnosis {
  /** How the verdict names the object when something is wrong: "instance i-0abc (web-1)". */
  subject: string
  /** How it names it when nothing is: "i-0abc (web-1)". */
  label: string
  /** What the object is doing: "running", "status checks ok". */
  state: string[]
  /** What is wrong beyond its state. */
  problems: Problem[]
  /** What was checked and is fine, for the healthy line: "no exposure", "IMDSv2 required". */
  fine: string[]
  /** Every finding after the verdict. */
  findings: Finding[]
  resource: FindingResource
  evidence: Record<string, unknown>
}

/** 0 for critical … 4 for info: sorts worst first. */
export const rank = (s: Severity) => findingSeverities.indexOf(s)

const resourceTypes = { instance: 'ec2_instance', security_group: 'security_group', volume: 'ebs_volume' } as const

export function resourceOf(kind: RelatedKind, id: string, region: string | undefined): FindingResource {
  return { provider: 'aws', type: resourceTypes[kind], id, ...(region ? { region } : {}) }
}

/** What could not be seen about the object. Its id extends the verdict's, so it never sorts before the verdict. */
export function notSeen(resource: FindingResource, what: string, key: string): Finding {
  return {
    id: `aws-diagnose:${resource.id}:not-seen:${key}`,
    severity: 'info',
    title: `Not checked for ${resource.id}: ${what}`,
    resource,
    evidence: {},
    recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
  }
}

export function nameTag(tags: { Key?: string; Value?: string }[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value || undefined
}
