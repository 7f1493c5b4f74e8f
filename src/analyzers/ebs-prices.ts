// Monthly list price of an EBS volume. The price table (data/ebs-prices.json) is loaded by the engine and passed in
// through the analyzer context, so this stays pure.

/** The shape of data/ebs-prices.json: USD per GiB-month, per provisioned IOPS-month, per MiB/s-month. */
export interface EbsPrices {
  gib_month: Record<string, number>
  iops_month: Record<string, number>
  throughput_mibps_month: Record<string, number>
}

type PricedVolume = { VolumeType?: string; Size?: number; Iops?: number; Throughput?: number }

export function monthlyCost(prices: EbsPrices, v: PricedVolume): number {
  // Stryker disable next-line StringLiteral: any other fallback is priced as gp2 below, and is neither io nor gp3
  const type = v.VolumeType ?? 'gp2'
  let cost = (v.Size ?? 0) * (prices.gib_month[type] ?? prices.gib_month.gp2 ?? 0)
  if (type === 'io1' || type === 'io2') cost += (v.Iops ?? 0) * (prices.iops_month[type] ?? 0)
  if (type === 'gp3') {
    cost += Math.max(0, (v.Iops ?? 3000) - 3000) * (prices.iops_month.gp3_above_3000 ?? 0)
    cost += Math.max(0, (v.Throughput ?? 125) - 125) * (prices.throughput_mibps_month.gp3_above_125 ?? 0)
  }
  return Math.round(cost * 100) / 100
}
