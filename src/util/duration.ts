// Durations as people write them on a command line: 90s, 30m, 1h, 7d.
const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseDuration(text: string): number | undefined {
  const m = /^([0-9]+)([smhd])$/.exec(text.trim())
  if (!m) return undefined
  const ms = Number(m[1]) * (units[m[2] as string] as number)
  return ms > 0 ? ms : undefined
}
