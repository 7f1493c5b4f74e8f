// One instance: its state and status checks, the exposure of its security groups, hardening (IMDS, public IP,
// unencrypted volumes) and idle/cost facts, each from the analyzer that owns that check.
import type { Instance, SecurityGroup, Volume } from '@aws-sdk/client-ec2'
import { type DiagnoseOptions, type Diagnosis, nameTag, resourceOf } from './aws-diagnose-common.js'
import { exposureOf, problemsOf } from './aws-diagnose-problems.js'
import { statusOf } from './aws-diagnose-status.js'
import ec2Hardening from './ec2-hardening.js'
import ec2Idle from './ec2-idle.js'
import sgOpenIngress from './sg-open-ingress.js'
import type { AnalyzerContext, AnalyzerInputs, Finding, FindingResource } from './types.js'
import { itemsOf } from './util.js'

type Inst = Instance & { Region?: string }

export function diagnoseInstance(
  i: Inst,
  inputs: AnalyzerInputs,
  options: DiagnoseOptions,
  context: AnalyzerContext,
): Diagnosis {
  // Stryker disable next-line StringLiteral: aws-diagnose passes only the instance it found by this InstanceId
  const id = i.InstanceId ?? ''
  const name = nameTag(i.Tags)
  const label = name ? `${id} (${name})` : id
  const resource = resourceOf('instance', id, i.Region)
  const state = i.State?.Name ?? 'in an unknown state'
  const status = statusOf(resource, state === 'running', inputs.status)
  const groups = itemsOf<SecurityGroup>(inputs.groups)
  const one = { items: [i] }
  const findings = [
    ...status.findings,
    ...stateFindings(resource, i),
    ...sgOpenIngress.analyze({ groups: inputs.groups }, {}, context),
    ...ec2Hardening.analyze({ instances: one, volumes: inputs.volumes }, {}, context),
    ...ec2Idle.analyze(
      { instances: one, cpu: inputs.cpu, volumes: inputs.volumes },
      { min_days: options.days },
      context,
    ),
  ]
  // Groups not seen are no evidence of no exposure: say nothing either way (sg-open-ingress says what was not seen).
  const exposure = inputs.groups ? exposureOf(groups, 'no exposure') : { problems: [], fine: [] }
  return {
    subject: `instance ${label}`,
    label,
    state: [state, ...status.facts],
    problems: [...exposure.problems, ...problemsOf(findings)],
    fine: [...exposure.fine, ...imdsFine(i)],
    findings,
    resource,
    evidence: { ...facts(i, groups, itemsOf<Volume>(inputs.volumes)), ...status.evidence },
  }
}

/** Said only when it holds, so a healthy line never claims what was not seen. */
function imdsFine(i: Inst): string[] {
  if (i.MetadataOptions?.HttpEndpoint === 'disabled') return ['metadata endpoint off']
  return i.MetadataOptions?.HttpTokens === 'required' ? ['IMDSv2 required'] : []
}

/** A terminated or terminating instance is the answer to "what is wrong" by itself. */
function stateFindings(resource: FindingResource, i: Inst): Finding[] {
  const state = i.State?.Name
  if (state !== 'terminated' && state !== 'shutting-down') return []
  return [
    {
      id: `aws-diagnose:${resource.id}:state`,
      severity: 'medium',
      title: `${resource.id} is ${state}${i.StateReason?.Message ? `: ${i.StateReason.Message}` : ''}`,
      resource,
      evidence: { state, state_reason: i.StateReason?.Code, transition: i.StateTransitionReason },
      recommendation: 'Nothing can be fixed on a terminated instance; find what replaced it (its Auto Scaling group).',
    },
  ]
}

function facts(i: Inst, groups: SecurityGroup[], volumes: Volume[]): Record<string, unknown> {
  return {
    kind: 'instance',
    name: nameTag(i.Tags),
    state: i.State?.Name,
    instance_type: i.InstanceType,
    availability_zone: i.Placement?.AvailabilityZone,
    launch_time: i.LaunchTime ? new Date(i.LaunchTime).toISOString() : undefined,
    public_ip: i.PublicIpAddress,
    private_ip: i.PrivateIpAddress,
    http_tokens: i.MetadataOptions?.HttpTokens,
    security_groups: groups.map((g) => ({ id: g.GroupId, name: g.GroupName })),
    volumes: volumes.map((v) => ({
      id: v.VolumeId,
      device: v.Attachments?.find((a) => a.InstanceId === i.InstanceId)?.Device,
      size_gib: v.Size,
      type: v.VolumeType,
      encrypted: v.Encrypted,
    })),
  }
}
