import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../base-command.js'
import { notAvailable } from '../errors.js'
import { envFlag, llmFlags, playbooksFlag, policyFlag } from '../flags.js'

export default class Plan extends BaseCommand<typeof Plan> {
  static override summary = 'Build a reviewable plan from a question, or from a playbook without any LLM.'
  static override description =
    '`--out` saves the plan for `cloudops apply`. The plan records the playbook, environment, steps and policy decisions, with hashes that make any edit detectable.'
  static override examples = [
    '<%= config.bin %> plan "security groups open to the internet in prod" --out plan.json',
    '<%= config.bin %> plan --playbook aws-unattached-volumes --env dev',
    '<%= config.bin %> plan --playbook k8s-crashloop-pods --env prod --param namespace=payments --json',
  ]
  static override args = {
    question: Args.string({ description: 'The question, in plain language (omit with --playbook)' }),
  }
  static override flags = {
    ...envFlag,
    ...llmFlags,
    ...playbooksFlag,
    ...policyFlag,
    playbook: Flags.string({ description: 'Plan this playbook directly, without any LLM.' }),
    param: Flags.string({ description: 'Playbook parameter, k=v (repeatable).', multiple: true }),
    out: Flags.string({ description: 'Write the plan to this file for `cloudops apply`.' }),
    ttl: Flags.string({ description: 'How long the saved plan stays valid (e.g. 30m, 1h, 1d).', env: 'CLOUDOPS_TTL' }),
  }

  async run(): Promise<void> {
    throw notAvailable('plan', 'planning')
  }
}
