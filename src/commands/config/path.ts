import { BaseCommand } from '../../base-command.js'
import { table } from '../../render/table.js'

export default class ConfigPath extends BaseCommand<typeof ConfigPath> {
  static override summary = 'Print where cloudops keeps its files.'
  static override description = 'The config file, user playbooks and policy, audit log and cache, following XDG.'
  static override examples = ['<%= config.bin %> config path', '<%= config.bin %> config path --json']

  async run(): Promise<void> {
    const p = this.paths
    const result = {
      config: p.configFile,
      playbooks: p.userPlaybooksDir,
      policy: p.userPolicyFile,
      keys: p.keysDir,
      audit_log: p.auditLog,
      cache: p.cacheDir,
    }
    this.print(result, (r, format, term) =>
      table(
        format,
        Object.entries(r),
        [
          { header: 'file', get: ([k]) => k },
          { header: 'path', get: ([, v]) => v },
        ],
        term,
      ),
    )
  }
}
