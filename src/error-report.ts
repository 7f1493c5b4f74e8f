// The one place that turns any thrown value into an exit code, a one-line message and the --json error shape.
import { CloudopsError, ExitCode } from './errors.js'

interface ErrorReport {
  code: number
  message: string
  hint?: string
}

interface ErrorJson {
  error: ErrorReport & { details?: Record<string, unknown> }
}

const usageHint = (command?: string) => `Run \`cloudops ${command ? `${command} ` : ''}--help\` for usage.`

/** oclif's own errors (bad flags, missing args, unknown command) carry `oclif.exit`; all of them are usage errors. */
function isOclifUsageError(err: unknown): err is Error & { oclif: { exit: number } } {
  return err instanceof Error && typeof (err as { oclif?: { exit?: unknown } }).oclif?.exit === 'number'
}

/** First line only, without oclif's "See more help with --help" tail: the hint says that. */
function firstLine(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
  // oclif says "Parsing --env" on one line and why on the next: the why is the message.
  if (/^Parsing --[\w-]+$/.test(lines[0] ?? '') && lines[1]) return `${lines[0]}: ${lines[1]}`
  return lines[0] ?? 'unknown error'
}

export function toErrorReport(err: unknown, command?: string): ErrorReport {
  if (err instanceof CloudopsError) {
    return { code: err.exitCode, message: firstLine(err.message), ...(err.hint ? { hint: err.hint } : {}) }
  }
  if (isOclifUsageError(err)) {
    const code = err.oclif.exit === 0 ? 0 : ExitCode.usage
    return { code, message: firstLine(err.message), hint: usageHint(command) }
  }
  const message = err instanceof Error ? err.message : String(err)
  return {
    code: ExitCode.runtime,
    message: `internal error: ${firstLine(message)}`,
    hint: 'Re-run with --verbose for the stack trace, and report it if it persists.',
  }
}

export function toErrorJson(err: unknown, command?: string): ErrorJson {
  const report = toErrorReport(err, command)
  const details = err instanceof CloudopsError ? err.details : undefined
  return { error: { ...report, ...(details ? { details } : {}) } }
}

/** The single stderr line: what went wrong, then the fix. */
export function formatErrorLine(report: ErrorReport): string {
  return `Error: ${report.message}${report.hint ? ` — ${report.hint}` : ''}`
}

export function stackOf(err: unknown): string | undefined {
  return err instanceof Error ? err.stack : undefined
}
