// The audit log's read use cases behind `cloudops audit show` and `audit export`.
import { matchesFilter, readRecords } from '../audit/reader.js'
import type { AuditRecord } from '../audit/record.js'
import { UsageError } from '../errors.js'

/** One run's records, by a unique prefix of its id. */
export function runRecords(log: string, prefix: string): AuditRecord[] {
  const records = [...readRecords(log)].filter((r) => r.run_id.startsWith(prefix))
  const runs = new Set(records.map((r) => r.run_id))
  if (runs.size === 0) throw new UsageError(`no run ${prefix} in the audit log`, { hint: 'See `cloudops audit list`.' })
  if (runs.size > 1) {
    throw new UsageError(`run id prefix ${prefix} is ambiguous (${[...runs].slice(0, 5).join(', ')})`, {
      hint: 'Give more characters of the run id.',
    })
  }
  return records
}

function isoTime(flag: string, value?: string): string | undefined {
  if (value === undefined) return undefined
  const t = new Date(value)
  if (Number.isNaN(t.getTime())) {
    throw new UsageError(`--${flag} "${value}" is not a date`, {
      hint: 'Use ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z.',
    })
  }
  return t.toISOString()
}

function* matching(log: string, filter: Parameters<typeof matchesFilter>[1]): Iterable<AuditRecord> {
  for (const r of readRecords(log)) if (matchesFilter(r, filter)) yield r
}

/** The records from --since to --until (ISO 8601), of --run when given. A bad date is refused before any output. */
export function exportedRecords(
  log: string,
  opts: { since?: string; until?: string; run?: string },
): Iterable<AuditRecord> {
  return matching(log, { since: isoTime('since', opts.since), until: isoTime('until', opts.until), run: opts.run })
}
