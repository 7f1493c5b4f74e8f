// One error class per exit code in CONTRACTS.md. Anything thrown that is not a CloudopsError is our bug
// (exit 1, and the stack is shown only with --verbose).

export const ExitCode = {
  ok: 0,
  runtime: 1,
  usage: 2,
  intentRejected: 3,
  policyDenied: 4,
  partial: 5,
  planRefused: 6,
  auditInvalid: 7,
  findings: 10,
  interrupted: 130,
  terminated: 143,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

interface ErrorOptions {
  /** The fix, in a sentence a person can act on. */
  hint?: string
  cause?: unknown
  /** Extra machine-readable detail for --json output (never secrets). */
  details?: Record<string, unknown>
  /** The command already printed its result (a report that explains the failure): with --json, stdout keeps
   * that one document and the error goes to stderr only. */
  resultPrinted?: boolean
}

export abstract class CloudopsError extends Error {
  abstract readonly exitCode: ExitCode
  readonly hint?: string
  readonly details?: Record<string, unknown>
  readonly resultPrinted: boolean

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.hint = options.hint
    this.details = options.details
    this.resultPrinted = options.resultPrinted ?? false
  }
}

/** 1: a cloud or LLM API error, or an internal failure that is not the user's fault. */
export class RuntimeError extends CloudopsError {
  readonly exitCode = ExitCode.runtime
}

/** 2: bad flags or arguments, an invalid config/playbook/policy file, an unconfigured environment. */
export class UsageError extends CloudopsError {
  readonly exitCode = ExitCode.usage
}

/** 3: the intent was not accepted (confidence gate, unsupported or unsafe request, unanswered clarification). */
export class IntentRejectedError extends CloudopsError {
  readonly exitCode = ExitCode.intentRejected
}

/** 4: policy denied a step, or a step needs approval and none was given. */
export class PolicyDeniedError extends CloudopsError {
  readonly exitCode = ExitCode.policyDenied
}

/** 5: some steps failed; what did run is reported. */
export class PartialExecutionError extends CloudopsError {
  readonly exitCode = ExitCode.partial
}

/** 6: a saved plan was refused (tampered, expired, stale, wrong version, policy or playbook changed). */
export class PlanRefusedError extends CloudopsError {
  readonly exitCode = ExitCode.planRefused
}

/** 7: the audit log failed verification. */
export class AuditInvalidError extends CloudopsError {
  readonly exitCode = ExitCode.auditInvalid
}

/** 10: findings at or above --fail-on. */
export class FindingsThresholdError extends CloudopsError {
  readonly exitCode = ExitCode.findings
}

/** 130 / 143: cancelled by SIGINT (Ctrl-C) / SIGTERM; in-flight calls were aborted and the run recorded so. */
export class CancelledError extends CloudopsError {
  readonly exitCode: ExitCode

  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`cancelled by ${signal}${signal === 'SIGINT' ? ' (Ctrl-C)' : ''}: nothing more was run`, {
      hint: 'The run is recorded as cancelled in the audit log (`cloudops audit list`).',
    })
    this.exitCode = signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated
  }
}
