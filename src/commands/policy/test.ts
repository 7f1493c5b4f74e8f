import * as Args from '@oclif/core/args'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'
import { policyFlag } from '../../flags.js'

export default class PolicyTest extends BaseCommand<typeof PolicyTest> {
  static override summary = 'Run table tests of a policy (step → expected effect and rules); exit 1 on any mismatch.'
  static override examples = ['<%= config.bin %> policy test cases.yaml --policy ./policy.yaml']
  static override args = {
    file: Args.string({ description: 'A YAML file of cases', required: true }),
  }
  static override flags = {
    ...policyFlag,
  }

  async run(): Promise<void> {
    throw notAvailable('policy test', 'policy')
  }
}
