import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { configValue } from '../../config/edit.js'
import { UsageError } from '../../errors.js'
import { toJson } from '../../render/output.js'

export default class ConfigGet extends BaseCommand<typeof ConfigGet> {
  static override summary = 'Print one key of config.yaml: a plain value as it is, a list or map as JSON.'
  static override examples = [
    '<%= config.bin %> config get llm.provider',
    '<%= config.bin %> config get environments.prod.aws.regions --json',
  ]
  static override args = {
    key: Args.string({ description: 'Dotted key, e.g. llm.provider', required: true }),
  }

  async run(): Promise<void> {
    const { config, path: file } = this.userConfig()
    const value = configValue(config, this.args.key)
    if (value === undefined) {
      throw new UsageError(`${this.args.key} is not set in ${file}`, {
        hint: 'See what is set with `cloudops config show`, or set it with `cloudops config set KEY VALUE`.',
      })
    }
    this.print({ key: this.args.key, value, file }, (r) =>
      typeof r.value === 'object' ? toJson(r.value, 0) : String(r.value),
    )
  }
}
