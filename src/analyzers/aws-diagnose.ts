// "What's wrong with i-0abc / sg-0abc / vol-0abc?": one object, whichever kind its id names. A verdict line first,
// then the findings of the checks that apply to that kind, each made by the analyzer that owns it.
import type { Instance, SecurityGroup, Volume } from '@aws-sdk/client-ec2'
import { kindOfId, notFoundRegions, type RelatedKind, regionPattern } from '../actions/aws/related-id.js'
import { type DiagnoseOptions, type Diagnosis, rank } from './aws-diagnose-common.js'
import { diagnoseGroup } from './aws-diagnose-group.js'
import { diagnoseInstance } from './aws-diagnose-instance.js'
import { notFound, notLookedUp, verdict } from './aws-diagnose-verdict.js'
import { diagnoseVolume } from './aws-diagnose-volume.js'
import type { AnalyzerContext, AnalyzerDefinition, AnalyzerInputs, Finding } from './types.js'
import { itemsOf } from './util.js'

// The input that looks up the object itself, by its kind.
const ownInput = { instance: 'instances', security_group: 'groups', volume: 'volumes' } as const

const analyzer: AnalyzerDefinition<DiagnoseOptions> = {
  id: 'aws-diagnose',
  description:
    'One instance, security group or volume: a verdict first, then state, status checks, exposure, hardening, attachments and cost.',
  inputs: [
    { name: 'instances', from: ['aws.ec2.describe_related_instances'] },
    { name: 'groups', from: ['aws.ec2.describe_related_security_groups'] },
    { name: 'volumes', from: ['aws.ec2.describe_related_volumes'] },
    { name: 'status', from: ['aws.ec2.describe_instance_status'], optional: true },
    { name: 'cpu', from: ['aws.cloudwatch.get_cpu_utilization'], optional: true },
  ],
  with: {
    type: 'object',
    additionalProperties: false,
    properties: {
      id: { type: 'string' },
      kind: { enum: ['instance', 'security_group', 'volume'] },
      region: { type: 'string', pattern: regionPattern },
      days: { type: 'integer', minimum: 1 },
    },
  },
  analyze(inputs, options, context) {
    const id = options.id
    const kind = id ? kindOfId(id) : undefined
    if (!id || !kind) return [noId]
    const own = inputs[ownInput[kind]]
    if (!own) return [notLookedUp(id, kind)]
    const d = diagnosis(id, kind, inputs, options, context)
    if (!d) return [notFound(id, kind, notFoundRegions(own.notes ?? [], id), options)]
    const rest = [...d.findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id))
    return [verdict(id, kind, d, options), ...rest]
  },
}
export default analyzer

/** A plan made without an id (the planner drops an unset param): the steps refused, and this says why. */
const noId: Finding = {
  id: 'aws-diagnose:account:not-seen:id',
  severity: 'info',
  title: 'Not checked: no instance, security group or volume id was given',
  resource: { provider: 'aws', type: 'account', id: 'account' },
  evidence: {},
  recommendation: 'Give the id with --param name=<i-…|sg-…|vol-…>, or name it in the question.',
}

/** The object's diagnosis by its kind, or undefined when its lookup found nothing. */
function diagnosis(
  id: string,
  kind: RelatedKind,
  inputs: AnalyzerInputs,
  options: DiagnoseOptions,
  context: AnalyzerContext,
): Diagnosis | undefined {
  switch (kind) {
    case 'instance': {
      const i = itemsOf<Instance & { Region?: string }>(inputs.instances).find((x) => x.InstanceId === id)
      return i ? diagnoseInstance(i, inputs, options, context) : undefined
    }
    case 'security_group': {
      const g = itemsOf<SecurityGroup & { Region?: string }>(inputs.groups).find((x) => x.GroupId === id)
      return g ? diagnoseGroup(g, inputs, context) : undefined
    }
    case 'volume': {
      const v = itemsOf<Volume & { Region?: string }>(inputs.volumes).find((x) => x.VolumeId === id)
      return v ? diagnoseVolume(v, inputs, context) : undefined
    }
  }
}
