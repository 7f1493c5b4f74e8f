import { contractReport, type VerifyDetails, verifyAuditLog } from '../../audit/verify.js'
import { BaseCommand } from '../../base-command.js'
import * as Flags from '../../command/flag-kinds.js'
import { loadSigningKey } from '../../config/signing-key.js'
import { AuditInvalidError, ExitCode, UsageError } from '../../errors.js'
import { teamSettings } from '../../team/settings.js'

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary =
    'Verify the audit log: hashes, links, sequence, head anchor and signature (exit 7 when invalid).'
  static override description =
    'Follows rotated files in order. --json prints {"valid", "records", "first_invalid_seq", "problems"} whether or ' +
    'not the log is valid; the exit code says which.'
  static override exitCodes = [...BaseCommand.exitCodes, ExitCode.auditInvalid]
  static override examples = [
    '<%= config.bin %> audit verify',
    '<%= config.bin %> audit verify --json',
    '<%= config.bin %> audit verify --from-stream --host build-01',
  ]
  static override examplesNotRun = {
    '<%= config.bin %> audit verify --from-stream --host build-01':
      "it needs the team's NATS server: test/integration/team-ship.test.ts runs it",
  }
  static override flags = {
    'from-stream': Flags.boolean({
      description: "Verify the copies in the team's JetStream (team.stream) instead of the local log.",
    }),
    host: Flags.string({ description: 'With --from-stream: whose copies (the host name the records carry).' }),
  }

  async run(): Promise<void> {
    if (this.flags['from-stream']) return this.verifyStream()
    if (this.flags.host) {
      throw new UsageError('--host goes with --from-stream', { hint: 'Add --from-stream, or drop --host.' })
    }
    const details = verifyAuditLog(this.paths.auditLog, loadSigningKey(this.paths))
    if (this.format === 'json') this.print(contractReport(details))
    else this.print(details, (d) => renderVerify(d, this.paths.auditLog))
    if (!details.valid) {
      const first = details.problems[0]
      throw new AuditInvalidError(
        `audit log is invalid: ${details.problems.length} problem(s), first at seq ${details.first_invalid_seq}: ${first?.reason}`,
        { hint: 'Treat the log as tampered with; keep a copy and compare it with your backups.', resultPrinted: true },
      )
    }
  }

  /** The chain as the team received it; same report, same exit code. */
  private async verifyStream(): Promise<void> {
    const host = this.flags.host
    if (!host) throw new UsageError('--from-stream needs --host', { hint: 'Name the host: --host $(hostname).' })
    const settings = teamSettings(this.userConfig().config)
    const { verifyFromStream } = await import('../../team/stream-verify.js')
    const report = await verifyFromStream(settings, host)
    this.print(report, (r) =>
      r.valid
        ? `✓ ${r.records} copies from ${host} in ${settings.stream}, chain intact`
        : [
            `${host} in ${settings.stream}: ${r.records} copies checked, INVALID`,
            ...r.problems.map((p) => `✗ seq ${p.seq ?? '-'}: ${p.reason}`),
          ].join('\n'),
    )
    if (!report.valid) {
      throw new AuditInvalidError(
        `the team's copy of ${host}'s audit log is invalid: first at seq ${report.first_invalid_seq}: ${report.problems[0]?.reason}`,
        { hint: "Compare with the host's local log (`cloudops audit verify` there).", resultPrinted: true },
      )
    }
  }
}

function renderVerify(d: VerifyDetails, log: string): string {
  if (!d.valid) {
    const lines = d.problems.map((p) => `✗ seq ${p.seq ?? '-'}${p.file ? ` (${p.file})` : ''}: ${p.reason}`)
    return [`${log}: ${d.records} records checked, INVALID`, ...lines].join('\n')
  }
  if (d.records === 0) return `✓ ${log}: no records yet`
  const head = !d.head
    ? 'no head anchor yet'
    : d.head.signature === 'valid'
      ? `head matches (signed by key ${d.head.key_id})`
      : d.head.signature === 'unverifiable'
        ? `head matches (signed by key ${d.head.key_id}, which is not on this machine: signature not checked)`
        : 'head matches (unsigned)'
  return `✓ ${d.records} records in ${d.files.length} file(s), chain intact, ${head}`
}
