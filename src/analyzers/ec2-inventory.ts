// Instances by region, type, state and tags: an inventory, so every finding is informational.
import type { Instance } from '@aws-sdk/client-ec2'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<Record<string, never>> = {
  id: 'ec2-inventory',
  description: 'One informational finding per instance: region, type, state, launch time and tags.',
  inputs: [{ name: 'instances', from: ['aws.ec2.describe_instances'] }],
  with: { type: 'object', additionalProperties: false, properties: {} },
  analyze(inputs) {
    if (!inputs.instances) return [blindSpot('ec2-inventory', 'EC2 instances (the describe step failed)', 'aws')]
    return itemsOf<Instance & { Region?: string }>(inputs.instances).map((i): Finding => {
      const tags = Object.fromEntries((i.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))
      return {
        id: `ec2-inventory:${i.InstanceId}`,
        severity: 'info',
        title: `${i.InstanceId}${tags.Name ? ` (${tags.Name})` : ''}: ${i.InstanceType}, ${i.State?.Name} in ${i.Region}`,
        resource: { provider: 'aws', type: 'ec2_instance', id: i.InstanceId ?? '', region: i.Region },
        evidence: {
          instance_type: i.InstanceType,
          state: i.State?.Name,
          launch_time: i.LaunchTime ? new Date(i.LaunchTime).toISOString() : undefined,
          availability_zone: i.Placement?.AvailabilityZone,
          private_ip: i.PrivateIpAddress,
          tags,
        },
        recommendation: 'Inventory only: nothing to do.',
      }
    })
  },
}
export default analyzer
