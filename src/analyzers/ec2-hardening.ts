// Instance settings that widen the blast radius: IMDSv1 allowed, public IPs, unencrypted volumes.
import type { Instance, Volume } from '@aws-sdk/client-ec2'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

type Inst = Instance & { Region?: string }

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'ec2-hardening',
  description: 'IMDSv1 allowed (HttpTokens not required), public IP addresses, unencrypted attached volumes.',
  inputs: [
    { name: 'instances', from: ['aws.ec2.describe_instances'] },
    { name: 'volumes', from: ['aws.ec2.describe_volumes'], optional: true },
  ],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.instances) return [blindSpot('ec2-hardening', 'EC2 instances (the describe step failed)', 'aws')]
    const findings: Finding[] = []
    const live = itemsOf<Inst>(inputs.instances).filter((i) => i.State?.Name !== 'terminated')
    for (const i of live) {
      const resource: Finding['resource'] = {
        provider: 'aws',
        type: 'ec2_instance',
        id: i.InstanceId ?? '',
        region: i.Region,
      }
      const tokens = i.MetadataOptions?.HttpTokens ?? 'optional'
      if (tokens !== 'required' && i.MetadataOptions?.HttpEndpoint !== 'disabled') {
        findings.push({
          id: `ec2-hardening:${i.InstanceId}:imdsv1`,
          severity: 'high',
          title: `${i.InstanceId} allows IMDSv1 (HttpTokens=${tokens})`,
          resource,
          evidence: { http_tokens: tokens, http_endpoint: i.MetadataOptions?.HttpEndpoint },
          recommendation: 'Require IMDSv2 (HttpTokens=required) once its software uses session tokens.',
        })
      }
      if (i.PublicIpAddress) {
        findings.push({
          id: `ec2-hardening:${i.InstanceId}:public-ip`,
          severity: 'medium',
          title: `${i.InstanceId} has a public IP address ${i.PublicIpAddress}`,
          resource,
          evidence: { public_ip: i.PublicIpAddress, subnet_id: i.SubnetId },
          recommendation: 'Put it behind a load balancer or NAT, unless it must be reachable directly.',
        })
      }
    }
    if (!inputs.volumes) {
      findings.push(blindSpot('ec2-hardening', 'volume encryption (the volumes step failed)', 'aws'))
      return findings
    }
    const byId = new Map(live.map((i) => [i.InstanceId, i]))
    for (const v of itemsOf<Volume & { Region?: string }>(inputs.volumes)) {
      if (v.Encrypted) continue
      for (const a of v.Attachments ?? []) {
        const inst = byId.get(a.InstanceId)
        if (!inst) continue
        findings.push({
          id: `ec2-hardening:${a.InstanceId}:unencrypted:${v.VolumeId}`,
          severity: 'medium',
          title: `${a.InstanceId} uses unencrypted volume ${v.VolumeId} (${a.Device})`,
          resource: { provider: 'aws', type: 'ec2_instance', id: a.InstanceId ?? '', region: inst.Region },
          evidence: { volume_id: v.VolumeId, device: a.Device, encrypted: false },
          recommendation: 'Copy it to an encrypted snapshot and swap the volume; enable EBS encryption by default.',
        })
      }
    }
    return findings
  },
}
export default analyzer
