import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary =
    'Verify the audit log: hash chain, sequence, head anchor and signature (exit 7 when invalid).'
  static override examples = ['<%= config.bin %> audit verify', '<%= config.bin %> audit verify --json']

  async run(): Promise<void> {
    throw notAvailable('audit verify', 'the audit log')
  }
}
