// The base of every command: shared flags, output format, and the one mapping of errors to exit codes.
import { Command } from '@oclif/core/command'
import type * as Interfaces from '@oclif/core/interfaces'
import { type LoadedConfig, loadConfig } from './config/config.js'
import { type Paths, resolvePaths } from './config/paths.js'
import { formatErrorLine, stackOf, toErrorJson, toErrorReport } from './error-report.js'
import { CloudopsError } from './errors.js'
import { type OutputFormat, outputFlags } from './flags.js'
import { type HumanRenderer, renderOutput } from './render/output.js'

type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = outputFlags
  // Unknown flags and extra arguments are usage errors (exit 2), never silently ignored.
  static override strict = true

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  protected readonly paths: Paths = resolvePaths()
  private cachedConfig?: LoadedConfig

  protected override async init(): Promise<void> {
    await super.init()
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
  }

  /** config.yaml, read and validated once per command, on first use. */
  protected userConfig(): LoadedConfig {
    this.cachedConfig ??= loadConfig(this.paths)
    return this.cachedConfig
  }

  /** --json wins; then --output; the default is a human table. */
  protected get format(): OutputFormat {
    if (this.flags?.json) return 'json'
    return this.flags?.output ?? 'table'
  }

  /** Print the command's result on stdout in the chosen format. */
  protected print<R>(result: R, human?: HumanRenderer<R>): void {
    process.stdout.write(renderOutput(this.format, result, human))
  }

  /** A note for a person on stderr; silent with --quiet. */
  protected notice(message: string): void {
    if (!this.flags?.quiet) process.stderr.write(`${message}\n`)
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

  /** Commands that audit override this to record the failure before the process exits. */
  protected async recordFailure(_err: unknown, _exitCode: number): Promise<void> {}

  protected override async catch(err: Error & { exitCode?: number }): Promise<never> {
    const report = toErrorReport(err, this.id?.replaceAll(':', ' '))
    try {
      await this.recordFailure(err, report.code)
    } catch (auditErr) {
      // The original error is what the user must see; the audit failure is said too, never swallowed.
      process.stderr.write(`${formatErrorLine(toErrorReport(auditErr))}\n`)
    }
    const resultPrinted = err instanceof CloudopsError && err.resultPrinted
    if (this.wantsJson() && !resultPrinted) {
      process.stdout.write(`${JSON.stringify(toErrorJson(err, this.id?.replaceAll(':', ' ')), null, 2)}\n`)
    } else {
      process.stderr.write(`${formatErrorLine(report)}\n`)
    }
    if (this.wantsVerbose()) process.stderr.write(`${stackOf(err) ?? ''}\n`)
    this.exit(report.code)
  }
}
