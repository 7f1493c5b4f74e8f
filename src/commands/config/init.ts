import { BaseCommand } from '../../base-command.js'
import * as Flags from '../../command/flag-kinds.js'
import { type ConfigInitResult, initConfig } from '../../services/config-init.js'

export default class ConfigInit extends BaseCommand<typeof ConfigInit> {
  static override summary = 'Write a commented starter config.yaml and a local signing key, whichever is missing.'
  static override description =
    'Creates $XDG_CONFIG_HOME/cloudops/config.yaml with prod/staging/dev examples, and an Ed25519 key ' +
    '(private key mode 0600) that signs saved plans and the audit head. Safe to run again: an existing config is ' +
    'kept and only a missing key is created. --force replaces the config after copying it to ' +
    'config.yaml.bak-<timestamp>; the signing key is never replaced.'
  static override examples = ['<%= config.bin %> config init', '<%= config.bin %> config init --force']
  static override flags = {
    force: Flags.boolean({ description: 'Replace an existing config.yaml (a backup is kept beside it).' }),
  }

  async run(): Promise<void> {
    const result = await initConfig(this.paths, { force: this.flags.force })
    this.print(result, renderInit)
  }
}

function renderInit(r: ConfigInitResult): string {
  const lines = [
    r.config_backup
      ? `Replaced ${r.config} with the starter config; the previous one is in ${r.config_backup}`
      : r.config_written
        ? `Wrote ${r.config}`
        : `Kept ${r.config} (it exists; not changed; \`cloudops config init --force\` replaces it, keeping a backup)`,
    r.signing_key_created ? `Created signing key ${r.signing_key}` : `Kept signing key ${r.signing_key}`,
  ]
  if (r.audit_log === 'signed') lines.push('Signed the existing audit log’s head with the new key')
  if (r.audit_log === 'does-not-verify') {
    lines.push('The existing audit log does not verify, so it was not signed: run `cloudops audit verify`')
  }
  if (r.config_written) lines.push('Next: edit the environments, then run `cloudops doctor`.')
  else if (!r.signing_key_created) lines.push('Nothing to do: both already exist.')
  return lines.join('\n')
}
