// The doctor's checks, in the order they print. Each stage adds its own check here.
import type { DoctorCheck } from './check.js'
import { auditCheck } from './checks/audit.js'
import { configValidCheck } from './checks/config-valid.js'
import { environmentsCheck } from './checks/environments.js'
import { llmCheck } from './checks/llm.js'
import { nodeVersionCheck } from './checks/node-version.js'
import { auditDirWritableCheck, cacheDirWritableCheck, configDirWritableCheck } from './checks/paths-writable.js'
import { policyCheck } from './checks/policy.js'
import { signingKeyCheck } from './checks/signing-key.js'
import { teamCheck } from './checks/team.js'

export const doctorChecks: readonly DoctorCheck[] = [
  nodeVersionCheck,
  configValidCheck,
  configDirWritableCheck,
  auditDirWritableCheck,
  cacheDirWritableCheck,
  signingKeyCheck,
  llmCheck,
  environmentsCheck,
  policyCheck,
  auditCheck,
  teamCheck,
]
