import { BaseCommand } from '../../base-command.js'
import { UsageError } from '../../errors.js'
import { playbooksFlag } from '../../flags.js'
import { validatePlaybooks } from '../../services/playbooks.js'

export default class PlaybooksValidate extends BaseCommand<typeof PlaybooksValidate> {
  static override summary = 'Validate playbook files; lists every error with file and line (exit 2 on any).'
  static override description =
    'With no PATH, validates the shipped playbooks, your $XDG_CONFIG_HOME/cloudops/playbooks/ and --playbooks DIR. ' +
    'Checks the schema, that actions and analyzers exist, that steps refer to earlier steps, and params bind.'
  static override examples = [
    '<%= config.bin %> playbooks validate ./my-playbooks/*.yaml',
    '<%= config.bin %> playbooks validate',
  ]
  static override strict = false
  static override flags = {
    ...playbooksFlag,
  }

  async run(): Promise<void> {
    const given = this.argv.filter((a) => !a.startsWith('-') && a !== this.flags.playbooks)
    const { problems, ...report } = await validatePlaybooks(this.paths, given, this.flags.playbooks)
    this.print(report, (r) =>
      [...r.files.filter((f) => f.valid).map((f) => `✓ ${f.file}`), ...problems.map((p) => `✗ ${p}`)].join('\n'),
    )
    if (problems.length) {
      throw new UsageError(
        `${problems.length} problem(s) in ${report.files.filter((f) => !f.valid).length} playbook file(s)`,
        {
          hint: 'Fix each line listed above; `cloudops actions list` shows the actions and their params.',
          resultPrinted: true,
        },
      )
    }
  }
}
