import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CheckResult, DoctorCheck } from '../check.js'

/** The directory itself if it exists, else its nearest existing ancestor (where it would be created). */
function nearestExisting(dir: string): string {
  let d = dir
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d)
  return d
}

function writable(name: string, dir: string): CheckResult {
  const at = nearestExisting(dir)
  try {
    accessSync(at, constants.W_OK)
    return { name, ok: true, detail: `${dir} is writable` }
  } catch {
    return {
      name,
      ok: false,
      detail: `${dir} is not writable (checked ${at})`,
      fix: `Make ${at} writable, or set the XDG variable that moves it.`,
    }
  }
}

export const configDirWritableCheck: DoctorCheck = {
  name: 'config dir',
  run: (ctx) => writable('config dir', ctx.paths.configDir),
}

export const auditDirWritableCheck: DoctorCheck = {
  name: 'audit log dir',
  run: (ctx) => writable('audit log dir', dirname(ctx.paths.auditLog)),
}

export const cacheDirWritableCheck: DoctorCheck = {
  name: 'cache dir',
  run: (ctx) => writable('cache dir', ctx.paths.cacheDir),
}
