import { BaseCommand } from '../../base-command.js'
import * as Flags from '../../command/flag-kinds.js'
import type { Terminal } from '../../render/output.js'
import { table } from '../../render/table.js'
import { listRuns } from '../../services/audit.js'

const statuses = ['succeeded', 'partial', 'failed', 'denied', 'dry_run', 'cancelled', 'running'] as const

export default class AuditList extends BaseCommand<typeof AuditList> {
  static override summary = 'List runs in the audit log, newest first: time, actor, question or playbook, status.'
  static override examples = [
    '<%= config.bin %> audit list',
    '<%= config.bin %> audit list --since 24h --status failed',
    '<%= config.bin %> audit list --limit 100 --json',
  ]
  static override flags = {
    limit: Flags.integer({ char: 'l', description: 'At most this many runs.', default: 20, min: 1 }),
    since: Flags.string({ description: 'Only runs started at or after this time: ISO 8601, or a time ago (24h, 7d).' }),
    status: Flags.option({ options: statuses, description: 'Only runs that ended so.' })(),
  }

  async run(): Promise<void> {
    const { runs, more } = listRuns(this.paths.auditLog, this.flags)
    this.print(runs, (rows, format, term: Terminal) => {
      if (rows.length === 0) return this.flags.since || this.flags.status ? 'No runs match.' : 'No runs recorded yet.'
      const list = table(
        format,
        rows,
        [
          { header: 'started', get: (r) => r.started },
          { header: 'run', get: (r) => r.run_id },
          { header: 'user', get: (r) => r.user },
          { header: 'env', get: (r) => r.environment ?? '' },
          { header: 'status', get: (r) => r.status },
          { header: 'what', get: (r) => r.question ?? r.playbook ?? r.command ?? '' },
        ],
        term,
      )
      return more ? `${list}\n(${more} older run(s) not shown: --limit ${this.flags.limit + more} shows them)` : list
    })
  }
}
