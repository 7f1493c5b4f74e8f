import { stringify } from 'yaml'
import { getAnalyzer } from '../../analyzers/registry.js'
import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { envFlag, playbooksFlag } from '../../flags.js'
import { findPlaybook, loadPlaybooks } from '../../planner/load.js'

export default class PlaybooksShow extends BaseCommand<typeof PlaybooksShow> {
  static override summary = 'Show one playbook: its match rules, params, steps and analyzers.'
  static override examples = [
    '<%= config.bin %> playbooks show aws-security-group-exposure',
    '<%= config.bin %> playbooks show k8s-crashloop-pods --json',
    '<%= config.bin %> playbooks show aws-unattached-volumes -o yaml > my-volumes.yaml',
  ]
  static override args = {
    name: Args.string({ description: 'Playbook name', required: true }),
  }
  static override flags = {
    ...envFlag,
    ...playbooksFlag,
  }

  async run(): Promise<void> {
    const all = await loadPlaybooks({
      paths: this.paths,
      extraDir: this.flags.playbooks,
      onSkipped: (line) => this.notice(line),
    })
    const found = findPlaybook(all, this.args.name)
    const result = { ...found.playbook, source: { file: found.file, origin: found.origin, sha256: found.sha256 } }
    const comments = [`${found.file} (${found.origin}, sha256 ${found.sha256})`]
    // What each analyzer reports and how severe, as comments: the text stays a playbook that loads as printed.
    const analyzers = found.playbook.analyze.map(
      (a) => `#   ${a.analyzer}: ${getAnalyzer(a.analyzer)?.description ?? ''}`,
    )
    this.printDocument(
      result,
      found.playbook,
      comments,
      () =>
        `# ${comments[0]}\n${stringify(found.playbook)}# What each analyzer reports, and how severe:\n${analyzers.join('\n')}\n`,
    )
  }
}
