// Reading records back for list/show/tail/export (verify has its own, stricter reader).
import { logFiles } from './files.js'
import { readLines } from './lines.js'
import type { AuditRecord } from './record.js'
import { readLastLines } from './tail.js'

/** A line as a record; undefined for one that is not (unparseable lines are verify's business: readers skip them). */
export function parseRecord(line: string): AuditRecord | undefined {
  try {
    const r = JSON.parse(line)
    return r && typeof r === 'object' && typeof r.seq === 'number' ? (r as AuditRecord) : undefined
  } catch {
    return undefined
  }
}

export function* readRecords(log: string): Generator<AuditRecord> {
  for (const file of logFiles(log)) {
    for (const line of readLines(file)) {
      const r = parseRecord(line)
      if (r) yield r
    }
  }
}

/** The last `count` records, oldest first: read back from the end of the live log, then of each rotated file. */
export function lastRecords(log: string, count: number): AuditRecord[] {
  const out: AuditRecord[] = []
  for (const file of logFiles(log).reverse()) {
    if (out.length >= count) break
    out.unshift(...lastRecordsOf(file, count - out.length))
  }
  return out
}

/** A file's last `count` records; a line that is none is skipped, and one more line read in its place. */
function lastRecordsOf(file: string, count: number): AuditRecord[] {
  let lines = count
  while (true) {
    const read = readLastLines(file, lines)
    const records = read.flatMap((l) => parseRecord(l) ?? [])
    if (records.length >= count || read.length < lines) return records
    lines += count - records.length
  }
}

interface RunSummary {
  run_id: string
  started: string
  finished?: string
  user: string
  command?: string
  question?: string
  playbook?: string
  environment?: string
  status: string
  exit_code?: number
  records: number
}

/** One summary per run, newest first. */
export function summarizeRuns(records: Iterable<AuditRecord>): RunSummary[] {
  const runs = new Map<string, RunSummary>()
  for (const r of records) {
    let s = runs.get(r.run_id)
    if (!s) {
      s = { run_id: r.run_id, started: r.ts, user: r.actor?.user ?? '?', status: 'running', records: 0 }
      runs.set(r.run_id, s)
    }
    s.records++
    const d = r.data ?? {}
    if (typeof d.command === 'string') s.command ??= d.command
    if (typeof d.question === 'string') s.question ??= d.question
    if (typeof d.playbook === 'string') s.playbook ??= d.playbook
    if (typeof d.environment === 'string') s.environment ??= d.environment
    if (r.kind === 'run_finished' || r.kind === 'command_failed') {
      s.finished = r.ts
      s.status = typeof d.status === 'string' ? d.status : 'failed'
      if (typeof d.exit_code === 'number') s.exit_code = d.exit_code
    }
    if (r.kind === 'log_rotated') s.status = 'log rotated'
  }
  return [...runs.values()].sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0))
}

interface ExportFilter {
  since?: string
  until?: string
  run?: string
}

export function matchesFilter(r: AuditRecord, f: ExportFilter): boolean {
  if (f.since && r.ts < f.since) return false
  if (f.until && r.ts >= f.until) return false
  if (f.run && !r.run_id.startsWith(f.run)) return false
  return true
}

const csvCell = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v ?? '')
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export const csvHeader = 'seq,ts,run_id,kind,user,host,data,prev,hash'

export function toCsvRow(r: AuditRecord): string {
  return [r.seq, r.ts, r.run_id, r.kind, r.actor?.user, r.actor?.host, r.data, r.prev, r.hash].map(csvCell).join(',')
}
