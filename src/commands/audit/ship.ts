import { loadSigningKey } from '../../config/signing-key.js'
import { AuditInvalidError, ExitCode } from '../../errors.js'
import { TeamCommand } from '../../team-command.js'

export default class AuditShip extends TeamCommand<typeof AuditShip> {
  static override summary = "Send copies of the audit records not yet shipped to the team's NATS JetStream."
  static override description =
    'Resumable and idempotent: each record is published with Nats-Msg-Id = its hash, and a local cursor records ' +
    'what the stream acknowledged. team.ship = metadata (the default) replaces question text, LLM text and ' +
    "findings' evidence by their SHA-256. Records that fail local verification are not shipped (exit 7). " +
    '--json prints {"shipped", "already_shipped", "last_seq"}; exit 1 when the server cannot be reached.'
  static override exitCodes = [...TeamCommand.exitCodes, ExitCode.auditInvalid]
  static override examples = ['<%= config.bin %> audit ship', '<%= config.bin %> audit ship --json']
  static override examplesNotRun = {
    '<%= config.bin %> audit ship': "it needs the team's NATS server: test/integration/team-ship.test.ts runs it",
    '<%= config.bin %> audit ship --json':
      "it needs the team's NATS server: test/integration/team-ship.test.ts runs it",
  }

  async run(): Promise<void> {
    const settings = this.team()
    const { shipAudit } = await import('../../team/ship.js')
    const { cursorFile } = await import('../../team/cursor.js')
    const { stopped, ...result } = await shipAudit(settings, {
      log: this.paths.auditLog,
      cursorFile: cursorFile(this.paths.stateDir),
      key: loadSigningKey(this.paths),
    })
    this.print(
      result,
      (r) =>
        `Shipped ${r.shipped} record(s) to ${settings.stream}; ${r.already_shipped} already there; last seq ${r.last_seq}.`,
    )
    if (stopped) {
      throw new AuditInvalidError(
        `stopped at seq ${stopped.seq}, which fails local verification (${stopped.reason}); it and later records were not shipped`,
        { hint: 'Run `cloudops audit verify`; treat the log as tampered with.', resultPrinted: true },
      )
    }
  }
}
