import { repairAuditLog } from '../../audit/repair.js'
import { newRunId } from '../../audit/run-id.js'
import { localActor } from '../../audit/writer.js'
import { BaseCommand } from '../../base-command.js'
import { loadSigningKey } from '../../config/signing-key.js'

export default class AuditRepair extends BaseCommand<typeof AuditRepair> {
  static override summary = 'Set aside a torn last line left by a crash or a full disk, and record the repair.'
  static override description =
    'The torn bytes are moved to audit.jsonl.torn-<time> beside the log (never deleted); a complete record is never ' +
    'touched. The repair is itself an audit record. Anything else wrong with the log is left for `audit verify`.'
  static override examples = ['<%= config.bin %> audit repair', '<%= config.bin %> audit repair --json']

  async run(): Promise<void> {
    const result = await repairAuditLog(this.paths.auditLog, localActor(), loadSigningKey(this.paths), newRunId())
    this.print(result, (r) =>
      !r.repaired
        ? 'Nothing to repair: the log ends with a whole record.'
        : r.moved_to
          ? `Moved a torn last line (${r.torn_bytes} bytes) to ${r.moved_to}; the log continues after seq ${r.after_seq}, and the repair is recorded.`
          : `Ended the last record's line (its newline was lost); the repair is recorded.`,
    )
  }
}
