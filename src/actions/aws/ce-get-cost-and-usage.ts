import { allPages, costExplorerClient } from '../../clients/aws.js'
import { awsSdk } from '../../clients/aws-sdk.js'
import type { ActionDefinition } from '../types.js'

interface Params {
  days?: number
  end?: string
}

export interface ServiceCost {
  service: string
  current_usd: number
  previous_usd: number
  unit: string
  period: { start: string; end: string }
  previous_period: { start: string; end: string }
}

const day = 86_400_000
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10)

/** The current period [end - days, end) and the previous period of the same length before it. */
function periods(days: number, end: string) {
  const e = Date.parse(`${end}T00:00:00Z`)
  return {
    current: { start: isoDay(e - days * day), end },
    previous: { start: isoDay(e - 2 * days * day), end: isoDay(e - days * day) },
  }
}

const action: ActionDefinition<Params, ServiceCost> = {
  id: 'aws.ce.get_cost_and_usage',
  provider: 'aws',
  risk: 'read',
  description: 'Unblended cost by service for a period and for the equal-length period before it.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      days: { type: 'integer', minimum: 1, maximum: 365 },
      end: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
    },
  },
  permissions: ['ce:GetCostAndUsage'],
  async execute(ctx, p) {
    const { GetCostAndUsageCommand } = awsSdk.costExplorer()
    const client = await costExplorerClient(ctx)
    const { current, previous } = periods(p.days ?? 7, p.end ?? isoDay(Date.now()))
    const totals = async (period: { start: string; end: string }) => {
      const results = await allPages(
        (NextPageToken) =>
          client.send(
            new GetCostAndUsageCommand({
              TimePeriod: { Start: period.start, End: period.end },
              Granularity: 'MONTHLY',
              Metrics: ['UnblendedCost'],
              GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
              NextPageToken,
            }),
            { abortSignal: ctx.signal },
          ),
        (r) => r.ResultsByTime,
        (r) => r.NextPageToken,
      )
      const sums = new Map<string, { amount: number; unit: string }>()
      for (const g of results.flatMap((r) => r.Groups ?? [])) {
        const service = g.Keys?.[0] ?? 'unknown'
        const m = g.Metrics?.UnblendedCost
        const prev = sums.get(service)
        sums.set(service, { amount: (prev?.amount ?? 0) + Number(m?.Amount ?? 0), unit: m?.Unit ?? 'USD' })
      }
      return sums
    }
    const now = await totals(current)
    const before = await totals(previous)
    const services = [...new Set([...now.keys(), ...before.keys()])].sort()
    const items = services.map((service) => ({
      service,
      current_usd: cents(now.get(service)?.amount ?? 0),
      previous_usd: cents(before.get(service)?.amount ?? 0),
      unit: now.get(service)?.unit ?? before.get(service)?.unit ?? 'USD',
      period: current,
      previous_period: previous,
    }))
    return { items }
  },
}
export default action

const cents = (n: number) => Math.round(n * 100) / 100
