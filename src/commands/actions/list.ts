import { loadAllActions } from '../../actions/registry.js'
import { BaseCommand } from '../../base-command.js'
import { table } from '../../render/table.js'

export default class ActionsList extends BaseCommand<typeof ActionsList> {
  static override summary = 'List the deterministic actions: id, provider, risk, parameters, permissions needed.'
  static override examples = ['<%= config.bin %> actions list', '<%= config.bin %> actions list --json']

  async run(): Promise<void> {
    const actions = (await loadAllActions()).map((a) => ({
      id: a.id,
      provider: a.provider,
      risk: a.risk,
      description: a.description,
      params: a.params,
      permissions: a.permissions,
      ...(a.accepts_input_from ? { accepts_input_from: a.accepts_input_from } : {}),
    }))
    this.print(actions, (rows, format, term) =>
      table(
        format,
        rows,
        [
          { header: 'id', get: (a) => a.id },
          { header: 'provider', get: (a) => a.provider },
          { header: 'risk', get: (a) => a.risk },
          { header: 'params', get: (a) => Object.keys((a.params.properties ?? {}) as object).join(', ') },
          { header: 'permissions', get: (a) => a.permissions.join(', ') },
        ],
        term,
      ),
    )
  }
}
