import { BaseCommand } from '../../base-command.js'
import { playbooksFlag } from '../../flags.js'
import { loadPlaybooks } from '../../planner/load.js'
import { table } from '../../render/table.js'

export default class PlaybooksList extends BaseCommand<typeof PlaybooksList> {
  static override summary = 'List the playbooks: shipped, user, and --playbooks DIR.'
  static override examples = ['<%= config.bin %> playbooks list', '<%= config.bin %> playbooks list --json']
  static override flags = {
    ...playbooksFlag,
  }

  async run(): Promise<void> {
    const all = await loadPlaybooks({
      paths: this.paths,
      extraDir: this.flags.playbooks,
      onSkipped: (line) => this.notice(line),
    })
    const rows = all.map((p) => ({
      name: p.playbook.metadata.name,
      version: p.playbook.metadata.version,
      provider: p.playbook.metadata.provider,
      intent_types: p.playbook.match.intent_types,
      resource_types: p.playbook.match.resource_types,
      description: p.playbook.metadata.description,
      origin: p.origin,
      file: p.file,
      sha256: p.sha256,
    }))
    this.print(rows, (r, format, term) =>
      table(
        format,
        r,
        [
          { header: 'name', get: (x) => x.name },
          { header: 'provider', get: (x) => x.provider },
          { header: 'intent', get: (x) => x.intent_types.join(',') },
          { header: 'origin', get: (x) => x.origin },
          { header: 'description', get: (x) => x.description },
        ],
        term,
      ),
    )
  }
}
