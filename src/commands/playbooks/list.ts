import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'
import { playbooksFlag } from '../../flags.js'

export default class PlaybooksList extends BaseCommand<typeof PlaybooksList> {
  static override summary = 'List the playbooks: shipped, user, and --playbooks DIR.'
  static override examples = ['<%= config.bin %> playbooks list', '<%= config.bin %> playbooks list --json']
  static override flags = {
    ...playbooksFlag,
  }

  async run(): Promise<void> {
    throw notAvailable('playbooks list', 'the playbook catalogue')
  }
}
