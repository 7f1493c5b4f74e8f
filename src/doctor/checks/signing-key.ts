import { loadSigningKey } from '../../config/signing-key.js'
import { toErrorReport } from '../../error-report.js'
import type { DoctorCheck } from '../check.js'

export const signingKeyCheck: DoctorCheck = {
  name: 'signing key',
  run(ctx) {
    try {
      const key = loadSigningKey(ctx.paths)
      if (key) return { name: 'signing key', ok: true, detail: `Ed25519 key ${key.keyId}` }
      return {
        name: 'signing key',
        ok: true,
        warning: true,
        detail: 'no local signing key: saved plans and the audit head are hashed but not signed',
        fix: 'Run `cloudops config init` to create one.',
      }
    } catch (err) {
      const report = toErrorReport(err)
      return { name: 'signing key', ok: false, detail: report.message, fix: report.hint }
    }
  },
}
