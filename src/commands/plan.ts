import * as Args from '../command/arg-kinds.js'
import * as Flags from '../command/flag-kinds.js'
import { ExitCode, UsageError } from '../errors.js'
import { envFlag, llmFlags, playbooksFlag, policyFlag, targetFlags, targetOverrides } from '../flags.js'
import { PipelineCommand } from '../pipeline-command.js'
import { renderPlan } from '../render/plan.js'
import { checkWritableFile } from '../util/safe-write.js'

export default class Plan extends PipelineCommand<typeof Plan> {
  static override summary = 'Build a reviewable plan from a question, or from a playbook without any LLM.'
  static override description =
    '`--out` saves the plan for `cloudops apply`. The plan records the playbook, environment, steps and policy decisions, with hashes that make any edit detectable.'
  static override exitCodes = [...PipelineCommand.exitCodes, ExitCode.intentRejected]
  static override examples = [
    '<%= config.bin %> plan "security groups open to the internet in prod" --out plan.json',
    '<%= config.bin %> plan --playbook aws-unattached-volumes --env dev',
    '<%= config.bin %> plan --playbook k8s-crashloop-pods --env prod --param namespace=payments --json',
    '<%= config.bin %> plan --playbook aws-security-group-exposure --env prod,staging   # a fleet: every target',
  ]
  static override args = {
    question: Args.string({ description: 'The question, in plain language (omit with --playbook)' }),
  }
  static override flags = {
    ...envFlag,
    ...targetFlags,
    ...llmFlags,
    ...playbooksFlag,
    ...policyFlag,
    playbook: Flags.string({ description: 'Plan this playbook directly, without any LLM.' }),
    param: Flags.string({ description: 'Playbook parameter, k=v (repeatable).', multiple: true }),
    out: Flags.string({
      description: 'Write the plan to this file (mode 0600, replaced whole) for `cloudops apply`; never a link.',
    }),
    ttl: Flags.string({ description: 'How long the saved plan stays valid (e.g. 30m, 1h, 1d).', env: 'CLOUDOPS_TTL' }),
  }

  async run(): Promise<void> {
    const f = this.flags
    const question = this.args.question
    if (Boolean(question) === Boolean(f.playbook)) {
      throw new UsageError('give a question or --playbook NAME (one of them)', {
        hint: 'For example `cloudops plan --playbook aws-unattached-volumes --env dev`.',
      })
    }
    // Before any work: a plan that cannot be saved is a usage error, never a run recorded as planned.
    if (f.out) checkWritableFile(f.out, '--out')
    await this.startRun({ playbook: f.playbook ?? null })
    const src = await this.sources()
    const service = await import('../services/plan.js')
    const req = { env: f.env, params: f.param, ttl: f.ttl, overrides: targetOverrides(f) }
    const plan = f.playbook
      ? await service.planPlaybook(src, f.playbook, req)
      : await service.planUnderstood(src, await this.understandQuestion(src, question as string), req)
    await service.finishPlanning({ audit: this.audit, runId: this.runId }, plan, f.out)
    if (f.out) {
      this.notice(`Plan saved to ${f.out} (expires ${plan.expires_at}). Review it, then: cloudops apply ${f.out}`)
    }
    this.print(plan, renderPlan)
  }
}
