import * as Args from '@oclif/core/args'
import { BaseCommand } from '../base-command.js'
import { notAvailable } from '../errors.js'
import { executionFlags, playbooksFlag, policyFlag } from '../flags.js'

export default class Apply extends BaseCommand<typeof Apply> {
  static override summary = 'Execute a saved plan exactly as reviewed, or refuse (exit 6) if anything changed.'
  static override description =
    'Verifies the format version, hash, signature, expiry, tool version, policy and playbook hashes before any API call. Takes no option that could change the steps.'
  static override examples = ['<%= config.bin %> apply plan.json', '<%= config.bin %> apply plan.json --yes --json']
  static override args = {
    file: Args.string({ description: 'A plan written by `cloudops plan --out`', required: true }),
  }
  static override flags = {
    ...policyFlag,
    ...playbooksFlag,
    ...executionFlags,
  }

  async run(): Promise<void> {
    throw notAvailable('apply', 'executing saved plans')
  }
}
