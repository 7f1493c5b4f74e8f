// The base of the team-mode commands (audit ship, policy publish / pull): the team settings from config, and a
// failure of theirs recorded in the local audit log like any other command's.

import { openAuditSink, recordCommandFailure } from './audit/open.js'
import { newRunId } from './audit/run-id.js'
import { BaseCommand } from './base-command.js'
import type { Command } from './command/command.js'
import { AuditInvalidError } from './errors.js'
import { type TeamSettings, teamSettings } from './team/settings.js'

export abstract class TeamCommand<T extends typeof Command> extends BaseCommand<T> {
  protected team(): TeamSettings {
    return teamSettings(this.userConfig().config)
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    const { lingerGuard } = await import('./team/connect.js')
    lingerGuard()
    return super.finally(err)
  }

  protected override async recordFailure(err: unknown, exitCode: number): Promise<void> {
    // A log that fails verification would refuse the record the same way.
    if (err instanceof AuditInvalidError) return
    await recordCommandFailure(openAuditSink(this.paths), newRunId(), {
      command: this.id ?? 'unknown',
      exitCode,
      error: err,
    })
  }
}
