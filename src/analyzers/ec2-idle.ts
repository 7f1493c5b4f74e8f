// Running instances whose average CPU stays under a threshold, and stopped instances still paying for volumes.
import type { Instance, Volume } from '@aws-sdk/client-ec2'
import type { CpuSeries } from '../actions/aws/cloudwatch-get-cpu-utilization.js'
import { monthlyCost } from './ebs-prices.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf, round2 } from './util.js'

// Hourly datapoints: less than a day of history says nothing about idleness.
const minDatapoints = 24

type Inst = Instance & { Region?: string }

const resource = (i: Inst): Finding['resource'] => ({
  provider: 'aws',
  type: 'ec2_instance',
  id: i.InstanceId ?? '',
  region: i.Region,
})

const analyzer: AnalyzerDefinition<{ cpu_threshold_percent?: number; min_days?: number }> = {
  id: 'ec2-idle',
  description: 'Running instances with low average CPU; stopped instances still paying for EBS.',
  inputs: [
    { name: 'instances', from: ['aws.ec2.describe_instances'] },
    { name: 'cpu', from: ['aws.cloudwatch.get_cpu_utilization'], optional: true },
    { name: 'volumes', from: ['aws.ec2.describe_volumes'], optional: true },
  ],
  with: {
    type: 'object',
    additionalProperties: false,
    properties: { cpu_threshold_percent: { type: 'number', minimum: 0, maximum: 100 }, min_days: { type: 'integer' } },
  },
  analyze(inputs, options, { ebsPrices }) {
    if (!inputs.instances) return [blindSpot('ec2-idle', 'EC2 instances (the describe step failed)', 'aws')]
    const threshold = options.cpu_threshold_percent ?? 5
    const cpu = new Map(itemsOf<CpuSeries>(inputs.cpu).map((c) => [c.InstanceId, c]))
    const volumes = new Map(itemsOf<Volume>(inputs.volumes).map((v) => [v.VolumeId, v]))
    const findings: Finding[] = []
    if (!inputs.cpu) findings.push(blindSpot('ec2-idle', 'CPU utilization (the CloudWatch step failed)', 'aws'))
    for (const i of itemsOf<Inst>(inputs.instances)) {
      const state = i.State?.Name
      if (state === 'running' && inputs.cpu) {
        const series = cpu.get(i.InstanceId ?? '')
        if (!series || series.datapoints < minDatapoints || series.average === null) {
          findings.push({
            id: `ec2-idle:${i.InstanceId}:insufficient-data`,
            severity: 'info',
            title: `${i.InstanceId}: insufficient CPU history to judge (${series?.datapoints ?? 0} hourly datapoints)`,
            resource: resource(i),
            evidence: { datapoints: series?.datapoints ?? 0, needed: minDatapoints, instance_type: i.InstanceType },
            recommendation: 'Check again once CloudWatch holds at least a day of CPUUtilization for it.',
          })
        } else if (series.average < threshold) {
          findings.push({
            id: `ec2-idle:${i.InstanceId}`,
            severity: 'medium',
            title: `${i.InstanceId} (${i.InstanceType}) averages ${series.average}% CPU (max ${series.maximum}%)`,
            resource: resource(i),
            evidence: {
              average_cpu_percent: series.average,
              maximum_cpu_percent: series.maximum,
              datapoints: series.datapoints,
              days: options.min_days,
              instance_type: i.InstanceType,
              threshold_percent: threshold,
            },
            recommendation: 'Downsize it (or a burstable type), schedule it off outside working hours, or retire it.',
          })
        }
      }
      if (state === 'stopped') {
        // Stryker disable next-line ArrayDeclaration: a non-mapping element has no Ebs volume id: filtered out
        const ids = (i.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId).filter((v): v is string => Boolean(v))
        const known = ids.map((id) => volumes.get(id)).filter((v): v is Volume => Boolean(v))
        const cost = round2(known.reduce((sum, v) => sum + monthlyCost(ebsPrices, v), 0))
        findings.push({
          id: `ec2-idle:${i.InstanceId}:stopped`,
          severity: 'low',
          title: `${i.InstanceId} is stopped but keeps ${ids.length} EBS volume(s)${known.length ? ` (about $${cost}/month)` : ''}`,
          resource: resource(i),
          evidence: { state, volume_ids: ids, monthly_usd: known.length ? cost : undefined },
          recommendation: 'If it is not coming back, snapshot and delete its volumes, or terminate it.',
        })
      }
    }
    return findings
  },
}
export default analyzer
