import { describe, expect, it } from 'vitest'
import { formatErrorLine, toErrorJson, toErrorReport } from '../src/error-report.js'
import {
  AuditInvalidError,
  ExitCode,
  FindingsThresholdError,
  IntentRejectedError,
  PartialExecutionError,
  PlanRefusedError,
  PolicyDeniedError,
  RuntimeError,
  UsageError,
} from '../src/errors.js'

describe('error → exit code', () => {
  it.each([
    [new RuntimeError('x'), 1],
    [new UsageError('x'), 2],
    [new IntentRejectedError('x'), 3],
    [new PolicyDeniedError('x'), 4],
    [new PartialExecutionError('x'), 5],
    [new PlanRefusedError('x'), 6],
    [new AuditInvalidError('x'), 7],
    [new FindingsThresholdError('x'), 10],
  ])('%s exits %i', (err, code) => {
    expect(toErrorReport(err).code).toBe(code)
  })

  it('maps oclif parse errors to usage and unknown throws to runtime', () => {
    const parse = Object.assign(new Error('Nonexistent flag: --x\nSee more help with --help'), { oclif: { exit: 2 } })
    expect(toErrorReport(parse, 'ask')).toEqual({
      code: ExitCode.usage,
      message: 'Nonexistent flag: --x',
      hint: 'Run `cloudops ask --help` for usage.',
    })
    expect(toErrorReport(new TypeError('boom')).code).toBe(ExitCode.runtime)
  })

  it('formats one line, and the --json shape', () => {
    const err = new UsageError('bad thing\nsecond line', { hint: 'do this' })
    expect(formatErrorLine(toErrorReport(err))).toBe('Error: bad thing — do this')
    expect(toErrorJson(err)).toEqual({ error: { code: 2, message: 'bad thing', hint: 'do this' } })
  })
})
