import { toErrorReport } from '../../error-report.js'
import type { DoctorCheck } from '../check.js'

export const configValidCheck: DoctorCheck = {
  name: 'config',
  run(ctx) {
    try {
      const loaded = ctx.config()
      const envs = Object.keys(loaded.config.environments ?? {})
      if (!loaded.exists) {
        return {
          name: 'config',
          ok: true,
          warning: true,
          detail: `${loaded.path} does not exist; defaults apply`,
          fix: 'Run `cloudops config init` to describe your environments.',
        }
      }
      return {
        name: 'config',
        ok: true,
        detail: `${loaded.path} is valid (environments: ${envs.length ? envs.join(', ') : 'none'})`,
      }
    } catch (err) {
      const report = toErrorReport(err)
      return { name: 'config', ok: false, detail: report.message, fix: report.hint }
    }
  },
}
