import { stringify } from 'yaml'
import { BaseCommand } from '../../base-command.js'
import { type ConfigDescription, describeConfig } from '../../services/config-show.js'

export default class ConfigShow extends BaseCommand<typeof ConfigShow> {
  static override summary = 'Show the configuration in force (never a secret).'
  static override description =
    'Prints config.yaml as validated, where the LLM key would come from (whether it is set, never its value), ' +
    'and the configured environments.'
  static override examples = ['<%= config.bin %> config show', '<%= config.bin %> config show --json']

  async run(): Promise<void> {
    this.print(describeConfig(this.userConfig(), process.env), renderConfig)
  }
}

function renderConfig(r: ConfigDescription, format: 'table' | 'markdown'): string {
  const body = stringify(r.config).trimEnd()
  const header = [
    `# ${r.path}${r.exists ? '' : ' (not created yet: run `cloudops config init`)'}`,
    `# LLM key for ${r.llm_key.provider}: ${r.llm_key.source}${r.llm_key.present ? '' : ' (not set)'}`,
  ]
  if (format === 'markdown') return [...header.map((l) => l.slice(2)), '```yaml', body, '```'].join('\n\n')
  return [...header, body === '{}' ? '' : body].join('\n')
}
