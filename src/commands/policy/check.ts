import * as Args from '@oclif/core/args'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'
import { policyFlag } from '../../flags.js'

export default class PolicyCheck extends BaseCommand<typeof PolicyCheck> {
  static override summary = "Show each step's policy decision for a saved plan."
  static override examples = ['<%= config.bin %> policy check plan.json']
  static override args = {
    file: Args.string({ description: 'A saved plan', required: true }),
  }
  static override flags = {
    ...policyFlag,
  }

  async run(): Promise<void> {
    throw notAvailable('policy check', 'policy')
  }
}
