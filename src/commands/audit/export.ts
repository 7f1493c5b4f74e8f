import * as Flags from '@oclif/core/flags'
import { csvHeader, matchesFilter, readRecords, toCsvRow } from '../../audit/reader.js'
import { BaseCommand } from '../../base-command.js'
import { UsageError } from '../../errors.js'

export default class AuditExport extends BaseCommand<typeof AuditExport> {
  static override summary = 'Export audit records as JSON Lines or CSV, on stdout.'
  static override examples = [
    '<%= config.bin %> audit export --since 2026-11-01 --format csv > audit.csv',
    '<%= config.bin %> audit export --run 01JD3Q2K8Z',
  ]
  static override flags = {
    since: Flags.string({ description: 'Only records at or after this time (ISO 8601).' }),
    until: Flags.string({ description: 'Only records before this time (ISO 8601).' }),
    run: Flags.string({ description: 'Only this run (a prefix of its id).' }),
    format: Flags.option({
      options: ['jsonl', 'csv'] as const,
      default: 'jsonl' as const,
      description: 'Export format.',
    })(),
  }

  async run(): Promise<void> {
    const iso = (name: string, v?: string) => {
      if (v === undefined) return undefined
      const t = new Date(v)
      if (Number.isNaN(t.getTime()))
        throw new UsageError(`--${name} "${v}" is not a date`, {
          hint: 'Use ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z.',
        })
      return t.toISOString()
    }
    const filter = { since: iso('since', this.flags.since), until: iso('until', this.flags.until), run: this.flags.run }
    const out = process.stdout
    if (this.flags.format === 'csv') out.write(`${csvHeader}\n`)
    for (const r of readRecords(this.paths.auditLog)) {
      if (!matchesFilter(r, filter)) continue
      out.write(`${this.flags.format === 'csv' ? toCsvRow(r) : JSON.stringify(r)}\n`)
    }
  }
}
