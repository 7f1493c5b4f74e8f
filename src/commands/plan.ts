import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { UsageError } from '../errors.js'
import { envFlag, llmFlags, playbooksFlag, policyFlag } from '../flags.js'
import { PipelineCommand } from '../pipeline-command.js'
import { renderPlan } from '../render/plan.js'
import { checkWritableFile, writeFileAtomic } from '../util/safe-write.js'

export default class Plan extends PipelineCommand<typeof Plan> {
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
    let plan: Awaited<ReturnType<typeof service.planPlaybook>>
    if (f.playbook) {
      plan = await service.planPlaybook(src, f.playbook, { env: f.env, params: f.param, ttl: f.ttl })
    } else {
      const u = await this.understandQuestion(src, question as string)
      if (!u.verdict.accepted) {
        const { IntentRejectedError } = await import('../errors.js')
        throw new IntentRejectedError(`intent not accepted: ${u.verdict.reason}`, {
          hint: u.verdict.clarification ?? 'Rephrase the question, or plan a playbook directly with --playbook NAME.',
          details: { understood: u.intent, candidates: u.candidates },
        })
      }
      plan = await service.planIntent(src, u.verdict.intent, u.question, { env: f.env, params: f.param, ttl: f.ttl })
    }
    await this.audit.append({
      run_id: this.runId,
      kind: 'plan_created',
      data: {
        plan_id: plan.plan_id,
        playbook: plan.playbook,
        environment: plan.environment.name,
        content_sha256: plan.content_sha256,
        hash: plan.hash,
        out: f.out ?? null,
      },
    })
    await this.audit.append({
      run_id: this.runId,
      kind: 'policy_decided',
      data: { sha256: plan.policy.sha256, decisions: plan.policy.decisions },
    })
    // Saved before the run is recorded as planned: a failed write ends the run as a failure instead.
    if (f.out) writeFileAtomic(f.out, `${JSON.stringify(plan, null, 2)}\n`, 0o600)
    await this.audit.append({ run_id: this.runId, kind: 'run_finished', data: { status: 'planned' } })
    await this.audit.close()
    if (f.out) {
      this.notice(`Plan saved to ${f.out} (expires ${plan.expires_at}). Review it, then: cloudops apply ${f.out}`)
    }
    this.print(plan, renderPlan)
  }
}
