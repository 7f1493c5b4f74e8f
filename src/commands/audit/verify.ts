import { contractReport, type VerifyDetails, verifyAuditLog } from '../../audit/verify.js'
import { BaseCommand } from '../../base-command.js'
import { loadSigningKey } from '../../config/signing-key.js'
import { AuditInvalidError, ExitCode } from '../../errors.js'

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary =
    'Verify the audit log: hashes, links, sequence, head anchor and signature (exit 7 when invalid).'
  static override description =
    'Follows rotated files in order. --json prints {"valid", "records", "first_invalid_seq", "problems"} whether or ' +
    'not the log is valid; the exit code says which.'
  static override exitCodes = [...BaseCommand.exitCodes, ExitCode.auditInvalid]
  static override examples = ['<%= config.bin %> audit verify', '<%= config.bin %> audit verify --json']

  async run(): Promise<void> {
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
