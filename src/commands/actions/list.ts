import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class ActionsList extends BaseCommand<typeof ActionsList> {
  static override summary = 'List the deterministic actions: id, provider, risk, parameters, permissions needed.'
  static override examples = ['<%= config.bin %> actions list', '<%= config.bin %> actions list --json']

  async run(): Promise<void> {
    throw notAvailable('actions list', 'the action catalogue')
  }
}
