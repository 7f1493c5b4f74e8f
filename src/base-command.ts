// The base of every command: shared flags, output format, and the one mapping of errors to exit codes.
import type * as Interfaces from '@oclif/core/interfaces'
import { Command } from './command/command.js'
import { type LoadedConfig, loadConfig } from './config/config.js'
import { type Paths, resolvePaths } from './config/paths.js'
import { formatErrorLine, stackOf, toErrorJson, toErrorReport } from './error-report.js'
import { CloudopsError, ExitCode } from './errors.js'
import { type OutputFormat, outputFlags, typedFormat } from './flags.js'
import { colourWanted, palette } from './render/colour.js'
import { writeNotice } from './render/notice.js'
import { type HumanRenderer, renderOutput, type Terminal, toJson } from './render/output.js'
import { writeSafe } from './render/safe-text.js'
import { stderr, stdout, type TextOutput } from './render/std-output.js'

type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = outputFlags
  // Unknown flags and extra arguments are usage errors (exit 2), never silently ignored.
  static override strict = true
  /** Every exit code this command can end with (CONTRACTS.md); the docs' table is made from these, and every test
   * that runs the CLI fails on a code its command does not declare. */
  static exitCodes: readonly ExitCode[] = [ExitCode.ok, ExitCode.runtime, ExitCode.usage]
  /** The examples a test cannot run as written (a run id of someone else's log), each with why. */
  static examplesNotRun?: Readonly<Record<string, string>>

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  protected readonly paths: Paths = resolvePaths()
  private cachedConfig?: LoadedConfig
  private typedFormat?: OutputFormat

  protected override async init(): Promise<void> {
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.typedFormat = typedFormat(this.argv)
  }

  /** config.yaml, read and validated once per command, on first use. */
  protected userConfig(): LoadedConfig {
    this.cachedConfig ??= loadConfig(this.paths)
    return this.cachedConfig
  }

  /** What was typed wins over the environment; --json over --output; the default is a human table. */
  protected get format(): OutputFormat {
    if (this.typedFormat) return this.typedFormat
    if (this.flags?.json) return 'json'
    return this.flags?.output ?? 'table'
  }

  /**
   * For `-o yaml`: the document itself (a policy, a playbook), which loads again as it is printed, with where it came
   * from as YAML comments. Other formats print `result` as usual.
   */
  protected printDocument<R>(result: R, doc: unknown, comments: string[], human?: HumanRenderer<R>): void {
    if (this.format !== 'yaml') {
      this.print(result, human)
      return
    }
    const text = renderOutput('yaml', doc, this.terminal(stdout()))
    stdout().write(writeSafe(`${comments.map((c) => `# ${c}\n`).join('')}${text}`, false))
  }

  /** Colour and width for text written to this stream: colour on a TTY unless turned off, never in markdown. */
  protected terminal(stream: TextOutput): Terminal {
    const colour = colourWanted(stream, this.flags?.['no-color']) && this.format !== 'markdown'
    return { colour: palette(colour), width: stream.isTTY ? stream.columns : undefined }
  }

  /** Print the command's result on stdout in the chosen format; nothing in it can drive the terminal. */
  protected print<R>(result: R, human?: HumanRenderer<R>): void {
    const term = this.terminal(stdout())
    stdout().write(writeSafe(renderOutput(this.format, result, term, human), term.colour.isColorSupported))
  }

  /** A line for a person on stderr, made safe for the terminal. */
  protected say(message: string): void {
    writeNotice(stderr(), message, this.terminal(stderr()).colour.isColorSupported)
  }

  /** With --verbose, more for a person on stderr: what was understood, decided and how long each step took. */
  protected detail(message: string): void {
    if (this.flags?.verbose) this.say(message)
  }

  /** A note for a person on stderr; silent with --quiet. */
  protected notice(message: string): void {
    if (!this.flags?.quiet) this.say(message)
  }

  /** Whether --json was asked for, even if flag parsing itself failed. */
  private wantsJson(): boolean {
    if (this.flags) return this.format === 'json'
    const argv = this.argv.slice(0, this.argv.includes('--') ? this.argv.indexOf('--') : undefined)
    const env = process.env.CLOUDOPS_JSON?.toLowerCase()
    return (
      argv.includes('--json') ||
      argv.join(' ').match(/(^|\s)(-o|--output)[= ]json\b/) !== null ||
      env === 'true' ||
      env === '1'
    )
  }

  private wantsVerbose(): boolean {
    return Boolean(this.flags?.verbose) || this.argv.includes('--verbose') || this.argv.includes('-v')
  }

  /** What was typed, for error messages: the arguments and each flag's one-letter form. */
  private commandLine() {
    const all = { ...BaseCommand.baseFlags, ...this.ctor.flags } as Record<string, { char?: string }>
    const chars = Object.fromEntries(Object.entries(all).flatMap(([name, f]) => (f.char ? [[name, f.char]] : [])))
    return { argv: this.argv, chars, flags: Object.keys(all) }
  }

  /** Commands that audit override this to record the failure before the process exits. */
  protected async recordFailure(_err: unknown, _exitCode: number): Promise<void> {}

  protected override async catch(err: Error & { exitCode?: number }): Promise<never> {
    const report = toErrorReport(err, this.id?.replaceAll(':', ' '), this.commandLine())
    try {
      await this.recordFailure(err, report.code)
    } catch (auditErr) {
      // The original error is what the user must see; the audit failure is said too, never swallowed.
      this.say(formatErrorLine(toErrorReport(auditErr)))
    }
    const resultPrinted = err instanceof CloudopsError && err.resultPrinted
    if (this.wantsJson() && !resultPrinted) {
      stdout().write(`${toJson(toErrorJson(err, this.id?.replaceAll(':', ' '), this.commandLine()))}\n`)
    } else {
      this.say(formatErrorLine(report))
    }
    if (this.wantsVerbose()) this.say(stackOf(err) ?? '')
    this.exit(report.code)
  }
}
