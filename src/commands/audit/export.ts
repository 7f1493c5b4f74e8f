import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class AuditExport extends BaseCommand<typeof AuditExport> {
  static override summary = 'Export audit records as JSON lines or CSV.'
  static override examples = [
    '<%= config.bin %> audit export --since 2026-11-01 --format csv > audit.csv',
    '<%= config.bin %> audit export --run 01JD3Q2K8Z',
  ]
  static override flags = {
    since: Flags.string({ description: 'Only records at or after this time (ISO 8601).' }),
    until: Flags.string({ description: 'Only records before this time (ISO 8601).' }),
    run: Flags.string({ description: 'Only this run.' }),
    format: Flags.option({
      options: ['jsonl', 'csv'] as const,
      default: 'jsonl' as const,
      description: 'Export format.',
    })(),
  }

  async run(): Promise<void> {
    throw notAvailable('audit export', 'the audit log')
  }
}
