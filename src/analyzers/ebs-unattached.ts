// Volumes in state "available": attached to nothing, billed every month.
import type { Volume } from '@aws-sdk/client-ec2'
import { monthlyCost } from './ebs-prices.js'
import type { AnalyzerDefinition, Finding } from './types.js'
import { blindSpot, itemsOf } from './util.js'

const analyzer: AnalyzerDefinition<{ min_size_gib?: number }> = {
  id: 'ebs-unattached',
  description: 'Unattached (available) EBS volumes and their monthly list cost.',
  inputs: [{ name: 'volumes', from: ['aws.ec2.describe_volumes'] }],
  with: {
    type: 'object',
    additionalProperties: false,
    properties: { min_size_gib: { type: 'integer', minimum: 0 } },
  },
  analyze(inputs, options, { ebsPrices }) {
    if (!inputs.volumes) return [blindSpot('ebs-unattached', 'EBS volumes (the describe step failed)', 'aws')]
    return itemsOf<Volume & { Region?: string }>(inputs.volumes)
      .filter((v) => v.State === 'available' && (v.Size ?? 0) >= (options.min_size_gib ?? 0))
      .map((v): Finding => {
        const cost = monthlyCost(ebsPrices, v)
        return {
          id: `ebs-unattached:${v.VolumeId}`,
          severity: cost >= 100 ? 'medium' : 'low',
          title: `${v.VolumeId} (${v.Size} GiB ${v.VolumeType}) is attached to nothing: about $${cost.toFixed(2)}/month`,
          resource: { provider: 'aws', type: 'ebs_volume', id: v.VolumeId ?? '', region: v.Region },
          evidence: {
            size_gib: v.Size,
            volume_type: v.VolumeType,
            iops: v.Iops,
            created: v.CreateTime ? new Date(v.CreateTime).toISOString() : undefined,
            monthly_usd: cost,
            tags: Object.fromEntries((v.Tags ?? []).map((t) => [t.Key, t.Value])),
          },
          recommendation: 'Snapshot it if the data matters, then delete it; or attach it where it is needed.',
        }
      })
  },
}
export default analyzer
