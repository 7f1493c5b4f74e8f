import * as Args from '../command/arg-kinds.js'
import * as Flags from '../command/flag-kinds.js'
import { envFlag, executionFlags, playbooksFlag, policyFlag, targetFlags, targetOverrides } from '../flags.js'
import { PipelineCommand, runExitCodes } from '../pipeline-command.js'

export default class Run extends PipelineCommand<typeof Run> {
  static override summary = 'Run one playbook directly, without any LLM (scripted read-only checks for CI and cron).'
  static override exitCodes = runExitCodes
  static override examples = [
    '<%= config.bin %> run aws-security-group-exposure --env prod --fail-on high   # exit 10 on a high or critical finding',
    '<%= config.bin %> run k8s-pending-pods --env staging --param namespace=payments --json',
  ]
  static override args = {
    playbook: Args.string({ description: 'Playbook name (see `cloudops playbooks list`)', required: true }),
  }
  static override flags = {
    ...envFlag,
    ...targetFlags,
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
    const f = this.flags
    await this.startRun({ playbook: this.args.playbook, env: f.env ?? 'default', dry_run: f['dry-run'] })
    const src = await this.sources()
    const { planPlaybook } = await import('../services/plan.js')
    const plan = await planPlaybook(src, this.args.playbook, {
      env: f.env,
      params: f.param,
      overrides: targetOverrides(f),
    })
    await this.runAndReport(plan, { dryRun: f['dry-run'], yes: f.yes, failOn: f['fail-on'] })
  }
}
