import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class AuditTail extends BaseCommand<typeof AuditTail> {
  static override summary = 'Print the last audit records; -f follows new ones.'
  static override examples = ['<%= config.bin %> audit tail', '<%= config.bin %> audit tail -f']
  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'Keep printing records as they are appended.' }),
    lines: Flags.integer({ char: 'n', description: 'How many records to show.', default: 20, min: 1 }),
  }

  async run(): Promise<void> {
    throw notAvailable('audit tail', 'the audit log')
  }
}
