import * as Args from '@oclif/core/args'
import { BaseCommand } from '../base-command.js'
import { notAvailable } from '../errors.js'
import { envFlag, llmFlags, playbooksFlag } from '../flags.js'

export default class Intent extends BaseCommand<typeof Intent> {
  static override summary =
    "Parse a question into an intent and show the confidence gate's verdict (no plan, no cloud call)."
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
    throw notAvailable('intent', 'intent parsing')
  }
}
