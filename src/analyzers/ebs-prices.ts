// Monthly list price of an EBS volume, from data/ebs-prices.json (read once).
import { readFileSync } from 'node:fs'

interface Prices {
  gib_month: Record<string, number>
  iops_month: Record<string, number>
  throughput_mibps_month: Record<string, number>
}

let prices: Prices | undefined

function table(): Prices {
  prices ??= JSON.parse(readFileSync(new URL('../../data/ebs-prices.json', import.meta.url), 'utf8')) as Prices
  return prices
}

export function monthlyCost(v: { VolumeType?: string; Size?: number; Iops?: number; Throughput?: number }): number {
  const t = table()
  const type = v.VolumeType ?? 'gp2'
  let cost = (v.Size ?? 0) * (t.gib_month[type] ?? t.gib_month.gp2 ?? 0)
  if (type === 'io1' || type === 'io2') cost += (v.Iops ?? 0) * (t.iops_month[type] ?? 0)
  if (type === 'gp3') {
    cost += Math.max(0, (v.Iops ?? 3000) - 3000) * (t.iops_month.gp3_above_3000 ?? 0)
    cost += Math.max(0, (v.Throughput ?? 125) - 125) * (t.throughput_mibps_month.gp3_above_125 ?? 0)
  }
  return Math.round(cost * 100) / 100
}
