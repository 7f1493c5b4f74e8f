import * as Args from '@oclif/core/args'
import { BaseCommand } from '../../base-command.js'
import { notAvailable } from '../../errors.js'

export default class AuditShow extends BaseCommand<typeof AuditShow> {
  static override summary = "Show one run's audit records."
  static override examples = ['<%= config.bin %> audit show 01JD3Q2K8Z']
  static override args = {
    run_id: Args.string({ description: 'Run id (see `cloudops audit list`)', required: true }),
  }

  async run(): Promise<void> {
    throw notAvailable('audit show', 'the audit log')
  }
}
