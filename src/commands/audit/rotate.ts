import { rotateAuditLog } from '../../audit/rotate.js'
import { localActor } from '../../audit/writer.js'
import { BaseCommand } from '../../base-command.js'
import { loadSigningKey } from '../../config/signing-key.js'
import { ExitCode } from '../../errors.js'

export default class AuditRotate extends BaseCommand<typeof AuditRotate> {
  static override summary = "Start a new audit log file whose first record links to the previous file's last record."
  static override description =
    'The old file is kept as audit.<n>.jsonl; `audit verify` follows the chain across files.'
  static override examples = ['<%= config.bin %> audit rotate']
  // A log that fails verification is not rotated: the new file would vouch for it.
  static override exitCodes = [...BaseCommand.exitCodes, ExitCode.auditInvalid]

  async run(): Promise<void> {
    const result = await rotateAuditLog(this.paths.auditLog, localActor(), loadSigningKey(this.paths))
    this.print(result, (r) => `Rotated to ${r.rotated_to}; ${r.new_log} continues at seq ${r.seq}.`)
  }
}
