import { BaseCommand } from '../base-command.js'
import * as Args from '../command/arg-kinds.js'

// Each script asks `cloudops __complete -- <words>` on TAB, so playbook and environment names are the ones this
// user has, as they are now.
const scripts = {
  bash: `# cloudops completion for bash: add to ~/.bashrc:  source <(cloudops completion bash)
_cloudops_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(cloudops __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _cloudops_complete cloudops
`,
  zsh: `#compdef cloudops
# cloudops completion for zsh: add to ~/.zshrc:  source <(cloudops completion zsh)
_cloudops_complete() {
  local -a candidates
  candidates=("\${(@f)$(cloudops __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _cloudops_complete cloudops
`,
}

export default class Completion extends BaseCommand<typeof Completion> {
  static override summary = 'Print a shell completion script: commands, flags, and your playbook and environment names.'
  static override description =
    'In bash, `source <(cloudops completion bash)`; in zsh, `source <(cloudops completion zsh)`. Add the line to ~/.bashrc or ~/.zshrc to keep it.'
  static override examples = [
    '<%= config.bin %> completion bash >> ~/.bashrc',
    '<%= config.bin %> completion zsh >> ~/.zshrc',
  ]
  static override args = {
    shell: Args.string({ description: 'bash or zsh', options: ['bash', 'zsh'], required: true }),
  }

  async run(): Promise<void> {
    const shell = this.args.shell as keyof typeof scripts
    // The script as it is; with --json, {shell, script}.
    this.print({ shell, script: scripts[shell] }, (r) => r.script)
  }
}
