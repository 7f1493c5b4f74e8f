import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { initConfig } from '../../services/config-init.js'

export default class ConfigInit extends BaseCommand<typeof ConfigInit> {
  static override summary = 'Write a commented starter config.yaml and a local signing key.'
  static override description =
    'Creates $XDG_CONFIG_HOME/cloudops/config.yaml with prod/staging/dev examples, and an Ed25519 key ' +
    '(private key mode 0600) that signs saved plans and the audit head. Never overwrites without --force.'
  static override examples = ['<%= config.bin %> config init', '<%= config.bin %> config init --force']
  static override flags = {
    force: Flags.boolean({ description: 'Overwrite an existing config.yaml.' }),
  }

  async run(): Promise<void> {
    const result = initConfig(this.paths, { force: this.flags.force })
    this.print(result, (r) =>
      [
        `Wrote ${r.config}`,
        r.signing_key_created ? `Created signing key ${r.signing_key}` : `Kept signing key ${r.signing_key}`,
        'Next: edit the environments, then run `cloudops doctor`.',
      ].join('\n'),
    )
  }
}
