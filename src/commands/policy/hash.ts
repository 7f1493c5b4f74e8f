import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { loadPolicyFile } from '../../policy/load.js'

export default class PolicyHash extends BaseCommand<typeof PolicyHash> {
  static override summary = 'Print the sha256 a plan would record for a policy file (after validating it).'
  static override examples = ['<%= config.bin %> policy hash ./policy.yaml']
  static override args = {
    file: Args.string({ description: 'A policy file', required: true }),
  }

  async run(): Promise<void> {
    const { source, sha256 } = loadPolicyFile(this.args.file)
    this.print({ source, sha256 }, (r) => r.sha256)
  }
}
