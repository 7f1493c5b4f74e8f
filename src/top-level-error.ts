// Errors that escape a command: oclif's own (unknown command, bad topic) and the exit a command asked for.
import { formatErrorLine, stackOf, toErrorJson, toErrorReport } from './error-report.js'

interface OclifExit {
  code?: string
  oclif?: { exit?: number }
}

export function handleTopLevelError(err: unknown, argv: readonly string[]): void {
  const e = err as OclifExit
  // A command's catch() already printed its error and asked for this exit code.
  if (e?.code === 'EEXIT' && typeof e.oclif?.exit === 'number') {
    process.exitCode = e.oclif.exit
    return
  }
  const report = toErrorReport(err)
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(toErrorJson(err), null, 2)}\n`)
  else process.stderr.write(`${formatErrorLine(report)}\n`)
  if (argv.includes('--verbose')) process.stderr.write(`${stackOf(err) ?? ''}\n`)
  process.exitCode = report.code
}
