import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { setConfigValue } from '../../config/edit.js'

export default class ConfigSet extends BaseCommand<typeof ConfigSet> {
  static override summary = 'Set one key in config.yaml (validated before it is written; comments are kept).'
  static override examples = [
    '<%= config.bin %> config set llm.provider anthropic',
    '<%= config.bin %> config set llm.min_confidence 0.85',
    "<%= config.bin %> config set environments.prod.aws.regions '[us-east-1, eu-west-1]'",
    '<%= config.bin %> config set environments.dev.kubernetes.context kind-dev',
  ]
  static override args = {
    key: Args.string({ description: 'Dotted key, e.g. llm.provider', required: true }),
    value: Args.string({ description: 'Value, parsed as YAML (numbers, lists, true/false)', required: true }),
  }

  async run(): Promise<void> {
    const file = this.paths.configFile
    setConfigValue(file, this.args.key, this.args.value)
    this.print({ file, key: this.args.key, set: true }, (r) => `Set ${r.key} in ${r.file}`)
  }
}
