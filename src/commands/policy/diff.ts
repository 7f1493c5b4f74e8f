import * as Args from '@oclif/core/args'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class PolicyDiff extends BaseCommand<typeof PolicyDiff> {
  static override summary = 'Structural diff of two policies: rules added, removed and changed.'
  static override examples = ['<%= config.bin %> policy diff old.yaml new.yaml']
  static override args = {
    a: Args.string({ description: 'The old policy', required: true }),
    b: Args.string({ description: 'The new policy', required: true }),
  }

  async run(): Promise<void> {
    throw notAvailable('policy diff', 'policy')
  }
}
