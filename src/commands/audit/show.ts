import * as Args from '@oclif/core/args'
import { readRecords } from '../../audit/reader.js'
import type { AuditRecord } from '../../audit/record.js'
import { BaseCommand } from '../../base-command.js'
import { UsageError } from '../../errors.js'

export default class AuditShow extends BaseCommand<typeof AuditShow> {
  static override summary = "Show one run's audit records (a unique prefix of the run id is enough)."
  static override examples = ['<%= config.bin %> audit show 01JD3Q2K8Z', '<%= config.bin %> audit show 01JD3Q --json']
  static override args = {
    run_id: Args.string({ description: 'Run id (see `cloudops audit list`)', required: true }),
  }

  async run(): Promise<void> {
    const prefix = this.args.run_id
    const records = [...readRecords(this.paths.auditLog)].filter((r) => r.run_id.startsWith(prefix))
    const runs = new Set(records.map((r) => r.run_id))
    if (runs.size === 0)
      throw new UsageError(`no run ${prefix} in the audit log`, { hint: 'See `cloudops audit list`.' })
    if (runs.size > 1) {
      throw new UsageError(`run id prefix ${prefix} is ambiguous (${[...runs].slice(0, 5).join(', ')})`, {
        hint: 'Give more characters of the run id.',
      })
    }
    this.print(records, (rs) => rs.map(describeRecord).join('\n'))
  }
}

export function describeRecord(r: AuditRecord): string {
  const data = Object.entries(r.data ?? {})
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
  return `${r.ts}  #${r.seq}  ${r.kind.padEnd(15)} ${data}`
}
