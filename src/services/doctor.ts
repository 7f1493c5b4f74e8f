// `doctor`: run every check, in order, isolating each so one failure never hides the others.
import type { CheckResult, DoctorCheck, DoctorContext } from '../doctor/check.js'
import { toErrorReport } from '../error-report.js'

export interface DoctorReport {
  ok: boolean
  checks: CheckResult[]
}

export async function runDoctor(checks: readonly DoctorCheck[], ctx: DoctorContext): Promise<DoctorReport> {
  const results: CheckResult[] = []
  for (const check of checks) {
    try {
      results.push(...[await check.run(ctx)].flat())
    } catch (err) {
      const report = toErrorReport(err)
      results.push({ name: check.name, ok: false, detail: report.message, fix: report.hint })
    }
  }
  return { ok: results.every((r) => r.ok), checks: results }
}
