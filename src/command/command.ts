// The base of every command class: what oclif asks of a command (statics it reads for help and the manifest, and
// `run(argv, config)`), without oclif's Command, whose module loads the whole of oclif. So a command runs the same
// whether oclif found it (help, plugins, completion) or src/command/dispatch.ts did, which loads no oclif.
import type { Command as OclifCommand } from '@oclif/core/command'
import type { Config } from '@oclif/core/config'
import type * as Interfaces from '@oclif/core/interfaces'
import { parseArgv } from './parse-argv.js'

/** What a command reads of oclif's Config: all of it when oclif runs it, these fields when run directly. */
export type CommandConfig = Pick<Config, 'bin' | 'version' | 'root'> & Partial<Config>

/** What `this.exit(code)` throws: the shape of oclif's own exit, which bin/run.cjs and oclif's handler both know. */
class ExitRequest extends Error {
  readonly code = 'EEXIT'
  readonly oclif: { exit: number }
  constructor(exitCode: number) {
    super(`EEXIT: ${exitCode}`)
    this.oclif = { exit: exitCode }
  }
}

interface ParseInput {
  flags?: Interfaces.FlagInput
  baseFlags?: Interfaces.FlagInput
  args?: Interfaces.ArgInput
  strict?: boolean
}

export abstract class Command {
  // Read by oclif (help, the manifest, the command list) from the class itself.
  static id: string
  static plugin: Interfaces.Plugin | undefined
  static summary?: string
  static description?: string
  static examples?: OclifCommand.Example[]
  static usage?: string | string[]
  static hidden?: boolean
  static aliases: string[] = []
  static flags?: Interfaces.FlagInput
  static baseFlags?: Interfaces.FlagInput
  static args: Interfaces.ArgInput = {}
  static strict = true
  /** oclif's own --json flag: not wanted, ours is one of the base flags (src/flags.ts). */
  static enableJsonFlag = false

  readonly id: string | undefined
  constructor(
    public argv: string[],
    public config: CommandConfig,
  ) {
    this.id = this.ctor.id
  }

  /** How oclif runs a command class, and how dispatch.ts does. */
  static async run(argv: string[], config: CommandConfig): Promise<unknown> {
    // biome-ignore lint/complexity/noThisInStatic: the class run() is called on is the command to make, a subclass
    const Concrete = this as unknown as new (argv: string[], config: CommandConfig) => Command
    return new Concrete(argv, config).runWithLifecycle()
  }

  protected get ctor(): typeof Command {
    return this.constructor as typeof Command
  }

  /** init, then run; catch on any error; finally in any case: oclif's order. */
  private async runWithLifecycle(): Promise<unknown> {
    let err: Error | undefined
    try {
      await this.init()
      return await this.run()
    } catch (error) {
      err = error as Error
      await this.catch(err)
    } finally {
      await this.finally(err)
    }
  }

  abstract run(): Promise<unknown>

  protected async init(): Promise<void> {}

  protected async catch(err: Error): Promise<unknown> {
    throw err
  }

  protected async finally(_err: Error | undefined): Promise<unknown> {
    return undefined
  }

  /** Ends the command with this exit code (its error was already said). */
  protected exit(code: number): never {
    throw new ExitRequest(code)
  }

  /**
   * The command line read against these definitions: by parseArgv when it is one of the plain forms, else by oclif's
   * parser (loaded then), whose answer, or usage error, is the same one oclif would give when running the command.
   */
  protected async parse(input: ParseInput): Promise<{ flags: Record<string, unknown>; args: Record<string, unknown> }> {
    const definitions = {
      flags: { ...input.baseFlags, ...input.flags },
      args: input.args ?? {},
      strict: input.strict ?? true,
    }
    const plain = await parseArgv(this.argv, definitions, this)
    if (plain) return plain
    const oclif = await import('@oclif/core/parser')
    const parsed = await oclif.parse(this.argv, { ...definitions, context: this as never })
    return { flags: parsed.flags, args: parsed.args }
  }
}
