// The audit log's read use cases behind `cloudops audit list`, `audit show` and `audit export`.
import { matchesFilter, readRecords, summarizeRuns } from '../audit/reader.js'
import type { AuditRecord } from '../audit/record.js'
import { UsageError } from '../errors.js'
import { parseDuration } from '../util/duration.js'

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

function isoTime(flag: string, value?: string, now = new Date()): string | undefined {
  if (value === undefined) return undefined
  // "24h", "7d": that long ago, as `--since 24h` reads.
  const ago = /^\d+[a-z]+$/.test(value) ? parseDuration(value) : undefined
  if (ago !== undefined) return new Date(now.getTime() - ago).toISOString()
  const t = new Date(value)
  if (Number.isNaN(t.getTime())) {
    throw new UsageError(`--${flag} "${value}" is not a date`, {
      hint: 'Use ISO 8601 (2026-11-01, 2026-11-01T12:00:00Z) or a time ago (24h, 7d).',
    })
  }
  return t.toISOString()
}

function* matching(log: string, filter: Parameters<typeof matchesFilter>[1]): Iterable<AuditRecord> {
  for (const r of readRecords(log)) if (matchesFilter(r, filter)) yield r
}

/**
 * The records from --since to --until (ISO 8601), of --run when given. A bad date is refused before any output, and
 * so is a --run that names no run (a typo, another machine's log: a mistake, as `audit show` says, not an empty
 * export); that check reads the log up to the run's first record. Time filters that match nothing are an empty export.
 */
export function exportedRecords(
  log: string,
  opts: { since?: string; until?: string; run?: string },
): Iterable<AuditRecord> {
  const filter = { since: isoTime('since', opts.since), until: isoTime('until', opts.until), run: opts.run }
  if (opts.run !== undefined && !holdsRun(log, opts.run)) {
    throw new UsageError(`no run ${opts.run} in the audit log`, { hint: 'See `cloudops audit list`.' })
  }
  return matching(log, filter)
}

/** Whether a record of a run with this id prefix is in the log; leaving the loop closes the file. */
function holdsRun(log: string, run: string): boolean {
  for (const _ of matching(log, { run })) return true
  return false
}

/** Runs newest first: started at or after --since, with --status, at most --limit; `more` says how many were left out. */
export function listRuns(
  log: string,
  opts: { since?: string; status?: string; limit: number },
): { runs: ReturnType<typeof summarizeRuns>; more: number } {
  const since = isoTime('since', opts.since)
  const all = summarizeRuns(readRecords(log)).filter(
    (r) => (since === undefined || r.started >= since) && (opts.status === undefined || r.status === opts.status),
  )
  return { runs: all.slice(0, opts.limit), more: Math.max(0, all.length - opts.limit) }
}
