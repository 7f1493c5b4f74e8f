// Errors that escape a command: oclif's own (unknown command, bad topic) and the exit a command asked for.
import { formatErrorLine, stackOf, toErrorJson, toErrorReport } from './error-report.js'
import { toJson } from './render/output.js'
import { safeText } from './render/safe-text.js'
import { stderr, stdout } from './render/std-output.js'
import { wrapText } from './render/wrap.js'

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
  // What was typed (an unknown command's name) is shown back: it must not drive the terminal either.
  if (argv.includes('--json')) stdout().write(`${toJson(toErrorJson(err))}\n`)
  else {
    stderr().write(`${safeText(wrapText(formatErrorLine(report), stderr().columns, '  ').join('\n'))}\n`)
  }
  if (argv.includes('--verbose')) stderr().write(`${safeText(stackOf(err) ?? '')}\n`)
  process.exitCode = report.code
}
