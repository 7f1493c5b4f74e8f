import * as Args from '../command/arg-kinds.js'
import { ExitCode } from '../errors.js'
import { executionFlags, playbooksFlag, policyFlag } from '../flags.js'
import { PipelineCommand } from '../pipeline-command.js'

export default class Apply extends PipelineCommand<typeof Apply> {
  static override summary = 'Execute a saved plan exactly as reviewed, or refuse (exit 6) if anything changed.'
  static override description =
    'Verifies the format version, hash, signature, expiry, tool version, policy and playbook hashes before any API call. Takes no option that could change the steps.'
  static override exitCodes = [
    ...PipelineCommand.exitCodes,
    ExitCode.policyDenied,
    ExitCode.partial,
    ExitCode.planRefused,
    ExitCode.findings,
  ]
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
    const f = this.flags
    await this.startRun({ plan_file: this.args.file })
    const src = await this.sources()
    const { readPlanFile, verifyPlan } = await import('../planner/verify-plan.js')
    const plan = await verifyPlan(readPlanFile(this.args.file), src)
    await this.runAndReport(plan, { yes: f.yes, failOn: f['fail-on'] })
  }
}
