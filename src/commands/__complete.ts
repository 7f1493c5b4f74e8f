import { BaseCommand } from '../base-command.js'
import * as Args from '../command/arg-kinds.js'
import { loadPlaybooks } from '../planner/load.js'
import { type CompletableCommand, completions } from '../services/completion.js'

/** What the scripts of `cloudops completion` call on TAB: one candidate a line, nothing on stderr. */
export default class Complete extends BaseCommand<typeof Complete> {
  static override hidden = true
  static override strict = false
  static override summary = 'Print completions for the words typed so far (used by `cloudops completion`).'
  static override examples = ['<%= config.bin %> __complete -- run aws-']
  static override args = { words: Args.string({ description: 'The words after cloudops, the last one being typed' }) }

  async run(): Promise<void> {
    // The scripts pass the words after `--`, so that flags in them are words, not flags of this command.
    const typed = this.argv[0] === '--' ? this.argv.slice(1) : this.argv
    const words = typed.length ? typed : ['']
    // oclif runs this command (src/command/dispatch.ts leaves it to oclif): its config lists every command.
    const commands: CompletableCommand[] = (this.config.commands ?? [])
      .filter((c) => !c.hidden)
      .map((c) => ({
        id: c.id,
        flags: Object.fromEntries(
          Object.entries(c.flags).map(([n, f]) => [
            n,
            { char: f.char, type: f.type, options: 'options' in f ? f.options : undefined },
          ]),
        ),
        args: Object.keys(c.args ?? {}),
      }))
    let playbooks: string[] = []
    try {
      playbooks = (await loadPlaybooks({ paths: this.paths })).map((p) => p.playbook.metadata.name)
    } catch {
      // A broken user playbook must not break TAB: complete what is known.
    }
    const environments = () => {
      try {
        return ['default', ...Object.keys(this.userConfig().config.environments ?? {})]
      } catch {
        return ['default']
      }
    }
    // One candidate a line (made safe for the terminal like every output); with --json, the list.
    this.print(completions(words, commands, { playbooks: () => playbooks, environments }), (out) => out.join('\n'))
  }
}
