import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class AuditRotate extends BaseCommand<typeof AuditRotate> {
  static override summary = "Start a new audit log file whose first record links to the previous file's head."
  static override examples = ['<%= config.bin %> audit rotate']

  async run(): Promise<void> {
    throw notAvailable('audit rotate', 'the audit log')
  }
}
