import { csvHeader, toCsvRow } from '../../audit/reader.js'
import { BaseCommand } from '../../base-command.js'
import * as Flags from '../../command/flag-kinds.js'
import { toJson } from '../../render/output.js'
import { stdout } from '../../render/std-output.js'
import { exportedRecords } from '../../services/audit.js'

export default class AuditExport extends BaseCommand<typeof AuditExport> {
  static override summary = 'Export audit records as JSON Lines or CSV, on stdout.'
  static override examples = [
    '<%= config.bin %> audit export --since 2026-11-01 --format csv > audit.csv',
    '<%= config.bin %> audit export --run 01JD3Q2K8Z',
  ]
  static override examplesNotRun = {
    '<%= config.bin %> audit export --run 01JD3Q2K8Z':
      'a run id is made when a run starts, so no log but the one it came from holds it',
  }
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
    const records = exportedRecords(this.paths.auditLog, this.flags)
    const out = stdout()
    if (this.flags.format === 'csv') out.write(`${csvHeader}\n`)
    for (const r of records) {
      if (out.closed) break // the reader has gone (`| head`)
      out.write(`${this.flags.format === 'csv' ? toCsvRow(r) : toJson(r, 0)}\n`)
    }
  }
}
