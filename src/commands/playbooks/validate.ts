import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'
import { playbooksFlag } from '../../flags.js'

export default class PlaybooksValidate extends BaseCommand<typeof PlaybooksValidate> {
  static override summary = 'Validate playbook files; lists every error with file and line (exit 2 on any).'
  static override examples = [
    '<%= config.bin %> playbooks validate ./my-playbooks/*.yaml',
    '<%= config.bin %> playbooks validate',
  ]
  static override strict = false
  static override flags = {
    ...playbooksFlag,
  }

  async run(): Promise<void> {
    throw notAvailable('playbooks validate', 'playbook validation')
  }
}
