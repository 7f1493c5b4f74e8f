import { statSync } from 'node:fs'
import { BaseCommand } from '../../base-command.js'
import { UsageError } from '../../errors.js'
import { playbooksFlag } from '../../flags.js'
import { readPlaybookFile, shippedPlaybooksDir, yamlFiles } from '../../planner/load.js'
import { formatProblem } from '../../schema/validate-document.js'

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
    const expand = (p: string) => {
      try {
        return statSync(p).isDirectory() ? yamlFiles(p) : [p]
      } catch {
        return [p]
      }
    }
    const files = given.length
      ? given.flatMap(expand)
      : [
          ...yamlFiles(shippedPlaybooksDir),
          ...yamlFiles(this.paths.userPlaybooksDir),
          ...(this.flags.playbooks ? expand(this.flags.playbooks) : []),
        ]
    const results = await Promise.all(
      files.map(async (file) => ({ file, result: await readPlaybookFile(file, 'user') })),
    )
    const report = results.map(({ file, result }) => ({
      file,
      valid: result.ok,
      problems: result.ok ? [] : result.problems.map((p) => ({ line: p.line ?? null, message: p.message })),
    }))
    const invalid = results.flatMap((r) => (r.result.ok ? [] : r.result.problems))
    this.print({ valid: invalid.length === 0, files: report }, () =>
      [...report.filter((r) => r.valid).map((r) => `✓ ${r.file}`), ...invalid.map((p) => `✗ ${formatProblem(p)}`)].join(
        '\n',
      ),
    )
    if (invalid.length) {
      throw new UsageError(
        `${invalid.length} problem(s) in ${report.filter((r) => !r.valid).length} playbook file(s)`,
        {
          hint: 'Fix each line listed above; `cloudops actions list` shows the actions and their params.',
          resultPrinted: true,
        },
      )
    }
  }
}
