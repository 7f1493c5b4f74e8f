import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'
import { policyFlag } from '../../flags.js'

export default class PolicyShow extends BaseCommand<typeof PolicyShow> {
  static override summary = 'Show the policy in force, where it came from, and its hash.'
  static override examples = [
    '<%= config.bin %> policy show',
    '<%= config.bin %> policy show --policy ./policy.yaml --json',
  ]
  static override flags = {
    ...policyFlag,
  }

  async run(): Promise<void> {
    throw notAvailable('policy show', 'policy')
  }
}
