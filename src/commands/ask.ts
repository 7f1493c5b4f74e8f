import * as Args from '../command/arg-kinds.js'
import * as Flags from '../command/flag-kinds.js'
import { IntentRejectedError } from '../errors.js'
import { envFlag, executionFlags, llmFlags, playbooksFlag, policyFlag, targetFlags, targetOverrides } from '../flags.js'
import type { IntentResult } from '../intent/result.js'
import type { AcceptedIntent } from '../intent/types.js'
import { PipelineCommand, runExitCodes } from '../pipeline-command.js'

export default class Ask extends PipelineCommand<typeof Ask> {
  static override summary = 'Ask a question: intent → plan → policy → (approval) → execute → findings.'
  static override description =
    "The whole pipeline. With --dry-run it stops after policy: it prints the plan and each step's decision and makes no cloud API call."
  static override exitCodes = runExitCodes
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
    ...targetFlags,
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
    const f = this.flags
    await this.startRun({ dry_run: f['dry-run'] })
    const src = await this.sources()
    const understood = await this.understandQuestion(src, this.args.question)
    const chosen = await this.clarifyIfNeeded(understood)
    const { planIntent } = await import('../services/plan.js')
    const plan = await planIntent(src, chosen.intent, understood.question, {
      env: f.env,
      playbook: chosen.playbook,
      overrides: targetOverrides(f),
    })
    const llm =
      understood.provider === 'offline'
        ? null
        : { provider: understood.provider, model: understood.model, ...understood.usage }
    await this.runAndReport(plan, { dryRun: f['dry-run'], yes: f.yes, failOn: f['fail-on'], llm })
  }

  /** An accepted intent goes on; a low-confidence one is asked about at a terminal, and refused (exit 3) elsewhere. */
  private async clarifyIfNeeded(u: IntentResult): Promise<{ intent: AcceptedIntent; playbook?: string }> {
    if (u.verdict.accepted) return { intent: u.verdict.intent }
    const intent = u.intent
    const lowConfidence = intent?.intent_type !== 'unsupported' && intent?.target && intent.goal
    if (lowConfidence && this.interactive && u.candidates.length) {
      const { select } = await import('@inquirer/prompts')
      const playbook = await select(
        {
          message: u.verdict.clarification ?? 'Which of these did you mean?',
          choices: [
            ...u.candidates.map((c) => ({ name: c.playbook, value: c.playbook })),
            { name: 'none of these', value: '' },
          ],
        },
        { output: process.stderr },
      )
      if (playbook) {
        await this.audit.append({ run_id: this.runId, kind: 'intent_parsed', data: { clarified_by_user: playbook } })
        return { intent: intent as AcceptedIntent, playbook }
      }
    }
    throw new IntentRejectedError(`intent not accepted: ${u.verdict.reason}`, {
      hint:
        u.verdict.clarification ??
        (u.candidates.length
          ? `Candidates: ${u.candidates.map((c) => c.playbook).join(', ')}; rephrase, or run one with \`cloudops run NAME\`.`
          : 'Rephrase the question, or run a playbook directly with `cloudops run NAME` (see `cloudops playbooks list`).'),
      details: { understood: intent, candidates: u.candidates, clarification: u.verdict.clarification ?? null },
    })
  }
}
