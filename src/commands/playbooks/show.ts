import * as Args from '@oclif/core/args'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'
import { envFlag, playbooksFlag } from '../../flags.js'

export default class PlaybooksShow extends BaseCommand<typeof PlaybooksShow> {
  static override summary = 'Show a playbook: its YAML and the steps it resolves to.'
  static override examples = ['<%= config.bin %> playbooks show aws-security-group-exposure']
  static override args = {
    name: Args.string({ description: 'Playbook name', required: true }),
  }
  static override flags = {
    ...envFlag,
    ...playbooksFlag,
  }

  async run(): Promise<void> {
    throw notAvailable('playbooks show', 'the playbook catalogue')
  }
}
