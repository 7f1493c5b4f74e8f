import { toErrorReport } from '../../error-report.js'
import { loadPolicy } from '../../policy/load.js'
import type { DoctorCheck } from '../check.js'

export const policyCheck: DoctorCheck = {
  name: 'policy',
  run(ctx) {
    try {
      const p = loadPolicy({ env: ctx.env, cwd: process.cwd(), paths: ctx.paths })
      const mode = p.policy.read_only ? 'read-only' : 'NOT read-only'
      return {
        name: 'policy',
        ok: true,
        detail: `${p.source} (${mode}, ${p.policy.rules.length} rules, sha256 ${p.sha256.slice(0, 12)})`,
      }
    } catch (err) {
      const r = toErrorReport(err)
      return { name: 'policy', ok: false, detail: r.message, fix: r.hint }
    }
  },
}
