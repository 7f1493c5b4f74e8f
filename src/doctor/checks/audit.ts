import { verifyAuditLog } from '../../audit/verify.js'
import { loadSigningKey } from '../../config/signing-key.js'
import type { DoctorCheck } from '../check.js'

export const auditCheck: DoctorCheck = {
  name: 'audit log',
  run(ctx) {
    const d = verifyAuditLog(ctx.paths.auditLog, loadSigningKey(ctx.paths))
    if (d.valid)
      return { name: 'audit log', ok: true, detail: `${ctx.paths.auditLog}: ${d.records} records, chain intact` }
    return {
      name: 'audit log',
      ok: false,
      detail: `${ctx.paths.auditLog}: first problem at seq ${d.first_invalid_seq}: ${d.problems[0]?.reason}`,
      fix: 'See `cloudops audit verify`; keep a copy of the log and compare it with your backups.',
    }
  },
}
