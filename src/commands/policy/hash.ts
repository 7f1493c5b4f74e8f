import * as Args from '@oclif/core/args'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class PolicyHash extends BaseCommand<typeof PolicyHash> {
  static override summary = 'Print the sha256 a plan would record for a policy file.'
  static override examples = ['<%= config.bin %> policy hash ./policy.yaml']
  static override args = {
    file: Args.string({ description: 'A policy file', required: true }),
  }

  async run(): Promise<void> {
    throw notAvailable('policy hash', 'policy')
  }
}
