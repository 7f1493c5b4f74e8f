import * as Args from '@oclif/core/args'
import { BaseCommand } from '../../base-command.js'
import { PlanRefusedError } from '../../errors.js'
import { policyFlag } from '../../flags.js'
import { policyStepsOf } from '../../planner/policy-steps.js'
import type { Plan } from '../../planner/types.js'
import { readPlanFile } from '../../planner/verify-plan.js'
import { evaluatePolicy } from '../../policy/evaluate.js'
import { table } from '../../render/table.js'
import { schemaProblems, validatorFor } from '../../schema/validator.js'
import { policyInForce } from '../../services/policy.js'

export default class PolicyCheck extends BaseCommand<typeof PolicyCheck> {
  static override summary = "Show each step's policy decision for a saved plan, under the policy in force now."
  static override description =
    'Risks come from the action catalogue, not from the file. `changed` says where the decision differs from the one recorded in the plan.'
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
    const data = readPlanFile(this.args.file)
    const validate = validatorFor('plan')
    if (!validate(data)) {
      throw new PlanRefusedError(`${this.args.file} is not a valid plan: ${schemaProblems(validate)[0]?.message}`, {
        hint: 'Give a file written by `cloudops plan --out`.',
      })
    }
    const plan = data as Plan
    const loaded = policyInForce({ flag: this.flags.policy, paths: this.paths })
    const steps = await policyStepsOf(plan.steps, plan.environment)
    const decisions = evaluatePolicy(loaded.policy, steps, plan.environment.name).map((d) => {
      const recorded = plan.policy.decisions.find((r) => r.step === d.step)
      return { ...d, recorded: recorded?.effect ?? null, changed: recorded?.effect !== d.effect }
    })
    const result = { plan_id: plan.plan_id, policy: { source: loaded.source, sha256: loaded.sha256 }, decisions }
    this.print(result, (r, format) =>
      [
        `Policy ${r.policy.source} (sha256 ${r.policy.sha256.slice(0, 12)}…)${loaded.sha256 === plan.policy.sha256 ? '' : ' — differs from the policy the plan was made under'}`,
        table(format, r.decisions, [
          { header: 'step', get: (d) => d.step },
          { header: 'effect', get: (d) => d.effect },
          { header: 'rules', get: (d) => d.rules.join(', ') },
          { header: 'changed', get: (d) => (d.changed ? `was ${d.recorded}` : '') },
          { header: 'reason', get: (d) => d.reason },
        ]),
      ].join('\n'),
    )
  }
}
