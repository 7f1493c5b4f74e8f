import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import type { Instance } from '@aws-sdk/client-ec2'
import { allPages, cloudWatchClient } from '../../clients/aws.js'
import { awsSdk } from '../../clients/aws-sdk.js'
import type { ActionDefinition } from '../types.js'

interface Params {
  days?: number
  period_seconds?: number
}

export interface CpuSeries {
  InstanceId: string
  Region?: string
  datapoints: number
  average: number | null
  maximum: number | null
}

// GetMetricData takes at most 500 queries per call.
const batchSize = 500

const action: ActionDefinition<Params, CpuSeries> = {
  id: 'aws.cloudwatch.get_cpu_utilization',
  provider: 'aws',
  risk: 'read',
  description: 'Average and maximum CPUUtilization of the input instances over the last N days.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      days: { type: 'integer', minimum: 1, maximum: 63 },
      period_seconds: { type: 'integer', minimum: 60, multipleOf: 60 },
    },
  },
  permissions: ['cloudwatch:GetMetricData'],
  accepts_input_from: ['aws.ec2.describe_instances'],
  async execute(ctx, p) {
    const instances = Object.values(ctx.inputs).flatMap((o) => o.items as Instance[])
    const ids = [...new Set(instances.map((i) => i.InstanceId).filter((x): x is string => Boolean(x)))]
    if (ids.length === 0) return { items: [] }
    const { GetMetricDataCommand } = awsSdk.cloudWatch()
    const client = await cloudWatchClient(ctx)
    const days = p.days ?? 14
    const end = new Date()
    const start = new Date(end.getTime() - days * 86_400_000)
    const values = new Map<string, number[]>()
    for (let b = 0; b < ids.length; b += batchSize) {
      const batch = ids.slice(b, b + batchSize)
      const queries: MetricDataQuery[] = batch.map((id, i) => ({
        Id: `q${i}`,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/EC2',
            MetricName: 'CPUUtilization',
            Dimensions: [{ Name: 'InstanceId', Value: id }],
          },
          Period: p.period_seconds ?? 3600,
          Stat: 'Average',
        },
      }))
      const results = await allPages(
        (NextToken) =>
          client.send(
            new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, NextToken }),
            { abortSignal: ctx.signal },
          ),
        (r) => r.MetricDataResults,
        (r) => r.NextToken,
      )
      for (const r of results) {
        const id = batch[Number(r.Id?.slice(1))]
        if (id) values.set(id, [...(values.get(id) ?? []), ...(r.Values ?? [])])
      }
    }
    const items = ids.map((id) => {
      const v = values.get(id) ?? []
      return {
        InstanceId: id,
        Region: ctx.region,
        datapoints: v.length,
        average: v.length ? round(v.reduce((a, x) => a + x, 0) / v.length) : null,
        maximum: v.length ? round(Math.max(...v)) : null,
      }
    })
    return { items }
  },
}
export default action

const round = (n: number) => Math.round(n * 100) / 100
