// The team policy pinned by `cloudops policy pull`: its exact bytes beside config.yaml, and what was checked when
// it was pulled (name, sha256, signer). Evaluation reads only these files, never the network, so an unreachable
// team server never blocks it; a local policy file (--policy, CLOUDOPS_POLICY, policy.yaml) still wins.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Paths } from '../config/paths.js'
import { UsageError } from '../errors.js'

export interface TeamPin {
  name: string
  sha256: string
  key_id: string
  public_key: string
  signed_at: string
  revision: number
  pulled_at: string
}

export const teamPinFiles = (paths: Paths) => ({
  policy: join(paths.configDir, 'team-policy.yaml'),
  pin: join(paths.configDir, 'team-policy.json'),
})

/** What plans and the audit log record as the policy's source: the name and the signer, the sha256 beside it. */
export const pinSource = (p: TeamPin) => `team:${p.name}@${p.revision} (signed by ${p.key_id})`

export function readTeamPin(paths: Paths): { file: string; pin: TeamPin } | undefined {
  const files = teamPinFiles(paths)
  if (!existsSync(files.pin)) return undefined
  const hint = 'Run `cloudops policy pull NAME` again, or delete both team-policy files to stop using it.'
  let pin: TeamPin
  try {
    pin = JSON.parse(readFileSync(files.pin, 'utf8'))
  } catch {
    throw new UsageError(`the pinned team policy record ${files.pin} is unreadable`, { hint })
  }
  if (typeof pin?.name !== 'string' || typeof pin.sha256 !== 'string' || typeof pin.key_id !== 'string')
    throw new UsageError(`the pinned team policy record ${files.pin} is incomplete`, { hint })
  return { file: files.policy, pin }
}

export function checkPinnedBytes(pin: TeamPin, sha256: string, file: string): void {
  if (pin.sha256 !== sha256) {
    throw new UsageError(`the pinned team policy ${file} was changed since it was pulled (sha256 differs)`, {
      hint: `Run \`cloudops policy pull ${pin.name}\` again.`,
    })
  }
}
