import * as Args from '../command/arg-kinds.js'
import { ExitCode, IntentRejectedError } from '../errors.js'
import { envFlag, llmFlags, playbooksFlag } from '../flags.js'
import { PipelineCommand } from '../pipeline-command.js'
import { intentJson, renderIntent } from '../render/intent.js'

export default class Intent extends PipelineCommand<typeof Intent> {
  static override summary =
    "Parse a question into an intent and show the confidence gate's verdict (no plan, no cloud call)."
  static override exitCodes = [...PipelineCommand.exitCodes, ExitCode.intentRejected]
  static override examples = [
    '<%= config.bin %> intent "crashlooping pods in prod"',
    '<%= config.bin %> intent "idle ec2 instances in dev" --provider offline --json',
  ]
  static override args = {
    question: Args.string({ description: 'The question, in plain language', required: true }),
  }
  static override flags = {
    ...envFlag,
    ...llmFlags,
    ...playbooksFlag,
  }

  async run(): Promise<void> {
    await this.startRun({})
    const src = await this.sources()
    const result = await this.understandQuestion(src, this.args.question)
    await this.audit.append({
      run_id: this.runId,
      kind: 'run_finished',
      data: { status: result.verdict.accepted ? 'succeeded' : 'rejected' },
    })
    await this.audit.close()
    this.print(intentJson(result), () => renderIntent(result))
    if (!result.verdict.accepted) {
      throw new IntentRejectedError(`intent not accepted: ${result.verdict.reason}`, {
        hint:
          result.verdict.clarification ?? 'Rephrase the question, or run a playbook directly with `cloudops run NAME`.',
        resultPrinted: true,
      })
    }
  }
}
