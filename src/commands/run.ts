import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../base-command.js'
import { notAvailable } from '../errors.js'
import { envFlag, executionFlags, playbooksFlag, policyFlag } from '../flags.js'

export default class Run extends BaseCommand<typeof Run> {
  static override summary = 'Run one playbook directly, without any LLM (scripted read-only checks for CI and cron).'
  static override examples = [
    '<%= config.bin %> run aws-security-group-exposure --env prod --fail-on high',
    '<%= config.bin %> run k8s-pending-pods --env staging --param namespace=payments --json',
  ]
  static override args = {
    playbook: Args.string({ description: 'Playbook name (see `cloudops playbooks list`)', required: true }),
  }
  static override flags = {
    ...envFlag,
    ...playbooksFlag,
    ...policyFlag,
    ...executionFlags,
    param: Flags.string({ description: 'Playbook parameter, k=v (repeatable).', multiple: true }),
    'dry-run': Flags.boolean({
      description: 'Stop after policy: print the plan and decisions, call no cloud API.',
      env: 'CLOUDOPS_DRY_RUN',
    }),
  }

  async run(): Promise<void> {
    throw notAvailable('run', 'playbook execution')
  }
}
