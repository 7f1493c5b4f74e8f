// One doctor check: a name, and a run that says ok or not, what it saw, and the fix.
import type { LoadedConfig } from '../config/config.js'
import type { Paths } from '../config/paths.js'

export interface CheckResult {
  name: string
  ok: boolean
  detail: string
  fix?: string
  /** A warning does not fail doctor (e.g. an optional signing key that is absent). */
  warning?: boolean
}

export interface DoctorContext {
  paths: Paths
  /** Throws a UsageError when config.yaml is invalid; checks that need it report that as their failure. */
  config: () => LoadedConfig
  env: Record<string, string | undefined>
}

export interface DoctorCheck {
  name: string
  run(ctx: DoctorContext): Promise<CheckResult> | CheckResult
}
