import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class AuditList extends BaseCommand<typeof AuditList> {
  static override summary = 'List runs in the audit log: time, actor, question or playbook, status.'
  static override examples = ['<%= config.bin %> audit list', '<%= config.bin %> audit list --json']

  async run(): Promise<void> {
    throw notAvailable('audit list', 'the audit log')
  }
}
