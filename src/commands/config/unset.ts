import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { unsetConfigValue } from '../../config/edit.js'

export default class ConfigUnset extends BaseCommand<typeof ConfigUnset> {
  static override summary = 'Remove one key from config.yaml (validated before it is written; comments are kept).'
  static override examples = [
    '<%= config.bin %> config unset llm.model',
    '<%= config.bin %> config unset environments.old',
  ]
  static override args = {
    key: Args.string({ description: 'Dotted key, e.g. llm.model', required: true }),
  }

  async run(): Promise<void> {
    const file = this.paths.configFile
    unsetConfigValue(file, this.args.key)
    this.print({ file, key: this.args.key, unset: true }, (r) => `Removed ${r.key} from ${r.file}`)
  }
}
