// One EBS volume: its state, what it is attached to, encryption, and its monthly cost when attached to nothing
// (ebs-unattached).
import type { Instance, Volume } from '@aws-sdk/client-ec2'
import { type Diagnosis, nameTag, resourceOf } from './aws-diagnose-common.js'
import { problemsOf } from './aws-diagnose-problems.js'
import ebsUnattached from './ebs-unattached.js'
import type { AnalyzerContext, AnalyzerInputs, Finding, FindingResource } from './types.js'
import { itemsOf } from './util.js'

type Vol = Volume & { Region?: string }

export function diagnoseVolume(v: Vol, inputs: AnalyzerInputs, context: AnalyzerContext): Diagnosis {
  // Stryker disable next-line StringLiteral: aws-diagnose passes only the volume it found by this VolumeId
  const id = v.VolumeId ?? ''
  const name = nameTag(v.Tags)
  const label = `${id} (${name ? `${name}, ` : ''}${v.Size} GiB ${v.VolumeType})`
  const resource = resourceOf('volume', id, v.Region)
  const instances = new Map(itemsOf<Instance>(inputs.instances).map((i) => [i.InstanceId, i]))
  const attached = (v.Attachments ?? []).map((a) => {
    const state = instances.get(a.InstanceId)?.State?.Name
    return `attached to ${a.InstanceId}${state ? ` (${state})` : ''} as ${a.Device}`
  })
  const findings = [
    ...ebsUnattached.analyze({ volumes: { items: [v] } }, {}, context),
    ...stateFindings(resource, v),
    ...(v.Encrypted ? [] : [unencrypted(resource, v)]),
  ]
  return {
    subject: `volume ${label}`,
    label,
    state: [v.State === 'error' ? 'in the error state' : (v.State ?? 'in an unknown state'), ...attached],
    problems: problemsOf(findings),
    fine: v.Encrypted ? ['encrypted'] : [],
    findings,
    resource,
    evidence: {
      kind: 'volume',
      name,
      state: v.State,
      size_gib: v.Size,
      volume_type: v.VolumeType,
      iops: v.Iops,
      encrypted: v.Encrypted,
      availability_zone: v.AvailabilityZone,
      snapshot_id: v.SnapshotId || undefined,
      attachments: (v.Attachments ?? []).map((a) => ({ instance_id: a.InstanceId, device: a.Device, state: a.State })),
    },
  }
}

function stateFindings(resource: FindingResource, v: Vol): Finding[] {
  if (v.State !== 'error') return []
  return [
    {
      id: `aws-diagnose:${resource.id}:state`,
      severity: 'high',
      title: `${resource.id} is in the error state: its underlying hardware failed`,
      resource,
      evidence: { state: v.State },
      recommendation: 'Restore it from its latest snapshot to a new volume; the data on this one may be lost.',
    },
  ]
}

function unencrypted(resource: FindingResource, v: Vol): Finding {
  return {
    id: `aws-diagnose:${resource.id}:unencrypted`,
    severity: 'medium',
    title: `${resource.id} is not encrypted`,
    resource,
    evidence: { encrypted: false, attachments: (v.Attachments ?? []).map((a) => a.InstanceId) },
    recommendation: 'Copy it to an encrypted snapshot and swap the volume; enable EBS encryption by default.',
  }
}
