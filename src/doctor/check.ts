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
  /** The configured environment a per-environment check is about. */
  environment?: string
  /** What the check learned, for scripts (--json): e.g. the AWS ARN, the Kubernetes user and server version. */
  data?: Record<string, string | string[]>
}

export interface DoctorContext {
  paths: Paths
  /** Throws a UsageError when config.yaml is invalid; checks that need it report that as their failure. */
  config: () => LoadedConfig
  env: Record<string, string | undefined>
}

export interface DoctorCheck {
  name: string
  /** One result, or several (one per configured environment and provider), in the order they print. */
  run(ctx: DoctorContext): Promise<CheckResult | CheckResult[]> | CheckResult | CheckResult[]
}
