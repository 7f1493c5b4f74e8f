// The one place that turns any thrown value into an exit code, a one-line message and the --json error shape.
import { CloudopsError, ExitCode } from './errors.js'
import { editDistance } from './util/edit-distance.js'

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
  // oclif says "Parsing --env" or "Missing 1 required arg:" on one line and what on the next: both are the message.
  const head = lines[0] ?? 'unknown error'
  if ((/^Parsing --[\w-]+$/.test(head) || head.endsWith(':')) && lines[1]) {
    return `${head.replace(/:$/, '')}: ${lines[1].replace(/\s{2,}/g, ' — ')}`
  }
  return head
}

/**
 * A bad value that came from CLOUDOPS_<FLAG> rather than the command line names the variable: the user never typed
 * the flag oclif's message speaks of.
 */
function fromEnvironment(message: string, line: CommandLine, env: NodeJS.ProcessEnv): string | undefined {
  const flag = /--([a-z][a-z-]*)/.exec(message)?.[1]
  if (!flag) return undefined
  const variable = `CLOUDOPS_${flag.toUpperCase().replaceAll('-', '_')}`
  const char = line.chars?.[flag]
  const typed = line.argv.some(
    (a) => a === `--${flag}` || a.startsWith(`--${flag}=`) || (char !== undefined && a.startsWith(`-${char}`)),
  )
  return typed || env[variable] === undefined ? undefined : variable
}

/** What was typed: the arguments, and the one-letter form of each flag that has one. */
interface CommandLine {
  argv: readonly string[]
  chars?: Record<string, string>
  /** The command's flag names, to say which one a mistyped flag was meant to be. */
  flags?: readonly string[]
}

/** "Did you mean --env?" for oclif's "Nonexistent flag: --envv", when one flag is that close. */
function flagGuess(message: string, line: CommandLine): string | undefined {
  const typed = /^Nonexistent flags?: --([\w-]+)/.exec(message)?.[1]
  if (!typed || !line.flags) return undefined
  const best = line.flags
    .map((f) => ({ f, d: editDistance(typed, f) }))
    .sort((a, b) => a.d - b.d || a.f.localeCompare(b.f))[0]
  return best && best.d <= Math.max(1, Math.floor(typed.length / 3)) ? best.f : undefined
}

export function toErrorReport(
  err: unknown,
  command?: string,
  line: CommandLine = { argv: [] },
  env: NodeJS.ProcessEnv = process.env,
): ErrorReport {
  if (err instanceof CloudopsError) {
    return { code: err.exitCode, message: firstLine(err.message), ...(err.hint ? { hint: err.hint } : {}) }
  }
  if (isOclifUsageError(err)) {
    const code = err.oclif.exit === 0 ? 0 : ExitCode.usage
    const variable = fromEnvironment(err.message, line, env)
    if (variable) {
      return { code, message: `${variable}: ${firstLine(err.message)}`, hint: `Fix or unset ${variable}.` }
    }
    const guess = flagGuess(err.message, line)
    return {
      code,
      message: firstLine(err.message),
      hint: `${guess ? `Did you mean --${guess}? ` : ''}${usageHint(command)}`,
    }
  }
  const message = err instanceof Error ? err.message : String(err)
  return {
    code: ExitCode.runtime,
    message: `internal error: ${firstLine(message)}`,
    hint: 'Re-run with --verbose for the stack trace, and report it if it persists.',
  }
}

export function toErrorJson(err: unknown, command?: string, line: CommandLine = { argv: [] }): ErrorJson {
  const report = toErrorReport(err, command, line)
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
