// Approvals: a deny is final; steps that require approval are approved once per plan, by --yes or by a
// person at a terminal. With neither, nothing runs (exit 4). The result is what the audit log records.
import { userInfo } from 'node:os'
import { CancelledError, PolicyDeniedError } from '../errors.js'
import type { Decision } from './types.js'

interface ApprovalResult {
  /** Steps that needed approval (empty when none did). */
  steps: string[]
  by: 'flag' | 'prompt' | 'none'
  user: string
  at: string
}

interface ApprovalOptions {
  yes: boolean
  /** A person can answer: stdin and stderr are terminals, and output is not --json. */
  interactive: boolean
  /** Asks the question; defaults to @inquirer/prompts' confirm (loaded only when asked). */
  prompt?: (message: string, signal?: AbortSignal) => Promise<boolean>
  now?: () => Date
  /** SIGINT/SIGTERM while the question is open cancels the run. */
  signal?: AbortSignal
}

/** Throw when any step is denied, naming the step and the rule; a deny is never overridable. */
export function assertNoDeny(decisions: readonly Decision[]): void {
  const denied = decisions.find((d) => d.effect === 'deny')
  if (!denied) return
  throw new PolicyDeniedError(`policy denies step ${denied.step} (rule ${denied.rules.join(', ')}): ${denied.reason}`, {
    hint: 'A deny cannot be overridden by a flag; change the policy (see `cloudops policy show`) if it is wrong.',
    details: { denied: decisions.filter((d) => d.effect === 'deny') },
  })
}

async function defaultPrompt(message: string, signal?: AbortSignal): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts')
  try {
    return await confirm({ message, default: false }, { output: process.stderr, signal })
  } catch (err) {
    // Ctrl-C in the prompt (raw mode, so no SIGINT reaches us) is the person cancelling, not our failure.
    if ((err as Error).name === 'ExitPromptError') throw new CancelledError('SIGINT')
    if ((err as Error).name === 'AbortPromptError' && signal?.reason instanceof CancelledError) throw signal.reason
    throw err
  }
}

export async function requestApproval(decisions: readonly Decision[], opts: ApprovalOptions): Promise<ApprovalResult> {
  assertNoDeny(decisions)
  const user = userInfo().username
  const at = (opts.now?.() ?? new Date()).toISOString()
  const pending = decisions.filter((d) => d.effect === 'require_approval')
  const steps = pending.map((d) => d.step)
  if (pending.length === 0) return { steps, by: 'none', user, at }
  if (opts.yes) return { steps, by: 'flag', user, at }
  if (!opts.interactive) {
    throw new PolicyDeniedError(`${pending.length} step(s) need approval and none was given: ${steps.join(', ')}`, {
      hint: 'Review them with `cloudops plan`, then re-run with --yes, or run in a terminal to be asked.',
      details: { require_approval: pending },
    })
  }
  const list = pending.map((d) => `  - ${d.step}: ${d.reason} (${d.rules.join(', ')})`).join('\n')
  const message = `These steps need approval:\n${list}\nRun them?`
  const ok = await (opts.prompt ?? defaultPrompt)(message, opts.signal)
  if (!ok) {
    throw new PolicyDeniedError('approval declined: nothing was run', { hint: 'Review the plan with `cloudops plan`.' })
  }
  return { steps, by: 'prompt', user, at }
}
