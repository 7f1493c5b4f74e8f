// The default question, in process: @inquirer/prompts' confirm stands in for the terminal (the pseudo-terminal
// tests in approval.test.ts drive the real one), so what it is asked and how its errors end the run are exact.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CancelledError } from '../../src/errors.js'
import { requestApproval } from '../../src/policy/approval.js'
import type { Decision } from '../../src/policy/types.js'

const { confirm } = vi.hoisted(() => ({ confirm: vi.fn() }))
vi.mock('@inquirer/prompts', () => ({ confirm }))

const named = (name: string) => Object.assign(new Error(name), { name })
const ask: Decision = { step: 'b', effect: 'require_approval', rules: ['writes'], reason: 'writes need a person' }
const interactive = (signal?: AbortSignal) => requestApproval([ask], { yes: false, interactive: true, signal })

// In braces: a function returned from beforeEach would be called as its teardown.
beforeEach(() => {
  confirm.mockReset()
})

describe('the default prompt', () => {
  it('asks confirm on stderr, defaulting to no, with the signal; its yes approves', async () => {
    confirm.mockResolvedValue(true)
    const signal = new AbortController().signal
    expect(await interactive(signal)).toMatchObject({ by: 'prompt', approved: ['b'], declined: [] })
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(confirm).toHaveBeenCalledWith(
      { message: 'Step b\n  policy: writes need a person (writes)\nApprove step 1 of 1?', default: false },
      { output: process.stderr, signal },
    )
  })

  it('Ctrl-C in the prompt (ExitPromptError) is a SIGINT cancel', async () => {
    confirm.mockRejectedValue(named('ExitPromptError'))
    const err = await interactive().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CancelledError)
    expect(err).toMatchObject({ signal: 'SIGINT', message: 'cancelled by SIGINT (Ctrl-C): nothing more was run' })
  })

  it('a prompt aborted by a cancelling signal throws that cancel, SIGTERM included', async () => {
    const controller = new AbortController()
    const reason = new CancelledError('SIGTERM')
    controller.abort(reason)
    confirm.mockRejectedValue(named('AbortPromptError'))
    expect(await interactive(controller.signal).catch((e: unknown) => e)).toBe(reason)
  })

  it('any other failure is rethrown as it is', async () => {
    const cases: [Error, AbortSignal | undefined][] = [
      // Aborted, but not by a cancel, or with no signal at all.
      [named('AbortPromptError'), AbortSignal.abort(new Error('other'))],
      [named('AbortPromptError'), undefined],
      // A cancelling signal, but the prompt failed for another reason.
      [named('TypeError'), AbortSignal.abort(new CancelledError('SIGINT'))],
      [named('ExitPromptErrorish'), undefined],
    ]
    for (const [error, signal] of cases) {
      confirm.mockRejectedValueOnce(error)
      expect(await interactive(signal).catch((e: unknown) => e)).toBe(error)
    }
  })
})
