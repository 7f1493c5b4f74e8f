import { readRecords, summarizeRuns } from '../../audit/reader.js'
import { BaseCommand } from '../../base-command.js'
import { table } from '../../render/table.js'

export default class AuditList extends BaseCommand<typeof AuditList> {
  static override summary = 'List runs in the audit log, newest first: time, actor, question or playbook, status.'
  static override examples = ['<%= config.bin %> audit list', '<%= config.bin %> audit list --json']

  async run(): Promise<void> {
    const runs = summarizeRuns(readRecords(this.paths.auditLog))
    this.print(runs, (rows, format, term) =>
      rows.length === 0
        ? 'No runs recorded yet.'
        : table(
            format,
            rows,
            [
              { header: 'started', get: (r) => r.started },
              { header: 'run', get: (r) => r.run_id },
              { header: 'user', get: (r) => r.user },
              { header: 'what', get: (r) => r.question ?? r.playbook ?? r.command ?? '' },
              { header: 'env', get: (r) => r.environment ?? '' },
              { header: 'status', get: (r) => r.status },
            ],
            term,
          ),
    )
  }
}
