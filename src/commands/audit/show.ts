import type { AuditRecord } from '../../audit/record.js'
import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { runRecords } from '../../services/audit.js'

export default class AuditShow extends BaseCommand<typeof AuditShow> {
  static override summary = "Show one run's audit records (a unique prefix of the run id is enough)."
  static override examples = ['<%= config.bin %> audit show 01JD3Q2K8Z', '<%= config.bin %> audit show 01JD3Q --json']
  static override examplesNotRun = {
    '<%= config.bin %> audit show 01JD3Q2K8Z':
      'a run id is made when a run starts, so no log but the one it came from holds it',
    '<%= config.bin %> audit show 01JD3Q --json':
      'a run id is made when a run starts, so no log but the one it came from holds it',
  }
  static override args = {
    run_id: Args.string({ description: 'Run id (see `cloudops audit list`)', required: true }),
  }

  async run(): Promise<void> {
    const records = runRecords(this.paths.auditLog, this.args.run_id)
    this.print(records, (rs) => rs.map(describeRecord).join('\n'))
  }
}

export function describeRecord(r: AuditRecord): string {
  const data = Object.entries(r.data ?? {})
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
  return `${r.ts}  #${r.seq}  ${r.kind.padEnd(15)} ${data}`
}
