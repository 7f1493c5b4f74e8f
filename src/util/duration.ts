// The one duration parser. Units are explicit and mean one thing everywhere: s seconds, m minutes, h hours,
// d days, w weeks, mo months (30 days). Each caller says which units it takes: a plan TTL "90s", "30m", "1h", "7d";
// an intent's time range "24h", "7d", "2w", "3mo"; an events window "30m", "2h", "1d".
const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, mo: 30 * 86_400_000 } as const
type DurationUnit = keyof typeof unitMs

const cliUnits: readonly DurationUnit[] = ['s', 'm', 'h', 'd']

/** Milliseconds, or undefined when the text is not a positive whole number followed by one of `units`. */
export function parseDuration(text: string, units: readonly DurationUnit[] = cliUnits): number | undefined {
  const m = /^([0-9]{1,9})\s*(mo|[smhdw])$/.exec(text.trim())
  if (!m || !units.includes(m[2] as DurationUnit)) return undefined
  const ms = Number(m[1]) * unitMs[m[2] as DurationUnit]
  return ms > 0 ? ms : undefined
}
