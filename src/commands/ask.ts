import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../base-command.js'
import { notAvailable } from '../errors.js'
import { envFlag, executionFlags, llmFlags, playbooksFlag, policyFlag } from '../flags.js'

export default class Ask extends BaseCommand<typeof Ask> {
  static override summary = 'Ask a question: intent → plan → policy → (approval) → execute → findings.'
  static override description =
    "The whole pipeline. With --dry-run it stops after policy: it prints the plan and each step's decision and makes no cloud API call."
  static override examples = [
    '<%= config.bin %> ask --dry-run "which security groups expose SSH to the internet in prod"',
    '<%= config.bin %> ask "why is CPU high on the prod cluster?"',
    '<%= config.bin %> ask "unused ebs volumes in dev" --json --fail-on high',
  ]
  static override args = {
    question: Args.string({ description: 'The question, in plain language', required: true }),
  }
  static override flags = {
    ...envFlag,
    ...llmFlags,
    ...playbooksFlag,
    ...policyFlag,
    ...executionFlags,
    'dry-run': Flags.boolean({
      description: 'Stop after policy: print the plan and decisions, call no cloud API.',
      env: 'CLOUDOPS_DRY_RUN',
    }),
  }

  async run(): Promise<void> {
    throw notAvailable('ask', 'the ask pipeline')
  }
}
