// Approvals: a deny is final; steps that require approval are approved by --yes, or one by one by a person at a
// terminal, who sees what each step is. A declined optional step is skipped and the rest runs; a declined required
// step runs nothing. With neither --yes nor a terminal, nothing runs (exit 4). The result is what the audit records.
import { userInfo } from 'node:os'
import { CancelledError, PolicyDeniedError } from '../errors.js'
import type { Decision } from './types.js'

interface ApprovalResult {
  /** Steps that needed approval (empty when none did). */
  steps: string[]
  /** Of those, the ones approved and the (optional) ones declined, which are skipped. */
  approved: string[]
  declined: string[]
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
  /** What the person is shown of one step: its action, risk, where it runs, its params (the caller's words). */
  describe?: (d: Decision) => string
  /** Steps the run can do without (declining one skips it instead of ending the run). */
  optional?: ReadonlySet<string>
  /** How approval can be had when no one can be asked here; the CLI's (--yes, a terminal) unless said. */
  unapprovedHint?: string
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
  if (pending.length === 0) return { steps, approved: [], declined: [], by: 'none', user, at }
  if (opts.yes) return { steps, approved: steps, declined: [], by: 'flag', user, at }
  if (!opts.interactive) {
    const which = pending.map((d) => `${d.step} (rule ${d.rules.join(', ')})`).join(', ')
    throw new PolicyDeniedError(`${pending.length} step(s) need approval and none was given: ${which}`, {
      hint:
        opts.unapprovedHint ??
        'Review them with `cloudops plan`, then re-run with --yes, or run in a terminal to be asked.',
      details: { require_approval: pending },
    })
  }
  const approved: string[] = []
  const declined: string[] = []
  for (const [i, d] of pending.entries()) {
    const what = opts.describe?.(d) ?? `Step ${d.step}`
    const message = `${what}\n  policy: ${d.reason} (${d.rules.join(', ')})\nApprove step ${i + 1} of ${pending.length}?`
    if (await (opts.prompt ?? defaultPrompt)(message, opts.signal)) approved.push(d.step)
    else if (opts.optional?.has(d.step)) declined.push(d.step)
    else {
      throw new PolicyDeniedError(`approval declined for required step ${d.step}: nothing was run`, {
        hint: 'Review the plan with `cloudops plan`; an optional step can be declined and the rest still runs.',
      })
    }
  }
  return { steps, approved, declined, by: 'prompt', user, at }
}
