import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { ExitCode } from '../../errors.js'
import { policyFlag } from '../../flags.js'
import { table } from '../../render/table.js'
import { policyCheck } from '../../services/policy.js'

export default class PolicyCheck extends BaseCommand<typeof PolicyCheck> {
  static override summary = "Show each step's policy decision for a saved plan, under the policy in force now."
  static override description =
    'Risks come from the action catalogue, not from the file. `changed` says where the decision differs from the one recorded in the plan.'
  static override exitCodes = [...BaseCommand.exitCodes, ExitCode.planRefused]
  static override examples = [
    '<%= config.bin %> policy check plan.json',
    '<%= config.bin %> policy check plan.json --policy strict.yaml --json',
  ]
  static override args = {
    file: Args.string({ description: 'A saved plan', required: true }),
  }
  static override flags = {
    ...policyFlag,
  }

  async run(): Promise<void> {
    const { check, planPolicySha256 } = await policyCheck(
      { flag: this.flags.policy, paths: this.paths },
      this.args.file,
    )
    const moved = check.policy.sha256 === planPolicySha256 ? '' : ' — differs from the policy the plan was made under'
    this.print(check, (r, format, term) =>
      [
        `Policy ${r.policy.source} (sha256 ${r.policy.sha256.slice(0, 12)}…)${moved}`,
        table(
          format,
          r.decisions,
          [
            { header: 'step', get: (d) => d.step },
            { header: 'effect', get: (d) => d.effect },
            { header: 'rules', get: (d) => d.rules.join(', ') },
            { header: 'changed', get: (d) => (d.changed ? `was ${d.recorded}` : '') },
            { header: 'reason', get: (d) => d.reason },
          ],
          term,
        ),
      ].join('\n'),
    )
  }
}
