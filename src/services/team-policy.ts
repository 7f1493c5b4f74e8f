// `policy publish` and `policy pull`: signed policy snapshots in the team's key-value bucket. Publishing validates
// the file and signs its exact bytes with the local Ed25519 key; pulling checks the snapshot (trusted signer,
// signature, hash, a valid policy) before pinning it beside config.yaml, and records both in the audit log.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { openAuditSink } from '../audit/open.js'
import { newRunId } from '../audit/run-id.js'
import type { Paths } from '../config/paths.js'
import { loadSigningKey } from '../config/signing-key.js'
import { UsageError } from '../errors.js'
import { loadPolicyFile } from '../policy/load.js'
import { pinSource, type TeamPin, teamPinFiles } from '../policy/team-pin.js'
import { checkPolicyName, getSnapshot, policyBucket, putSnapshot } from '../team/policy-kv.js'
import { checkSnapshot, keyIdOfHex, publicKeyHex, signSnapshot } from '../team/policy-snapshot.js'
import type { TeamSettings } from '../team/settings.js'
import { writeFileAtomic } from '../util/safe-write.js'

async function record(paths: Paths, kind: 'policy_published' | 'policy_pulled', data: Record<string, unknown>) {
  const sink = openAuditSink(paths)
  await sink.append({ run_id: newRunId(), kind, data })
  await sink.close()
}

export async function publishPolicy(paths: Paths, settings: TeamSettings, file: string, name: string) {
  checkPolicyName(name)
  const loaded = loadPolicyFile(file) // an invalid policy is never published
  const key = loadSigningKey(paths)
  if (!key) {
    throw new UsageError('no local signing key to sign the policy with', {
      hint: 'Run `cloudops config init`, which makes one.',
    })
  }
  const snapshot = signSnapshot(name, readFileSync(file, 'utf8'), key)
  const revision = await putSnapshot(settings, name, new TextEncoder().encode(JSON.stringify(snapshot)))
  const result = {
    name,
    bucket: policyBucket,
    revision,
    sha256: loaded.sha256,
    key_id: key.keyId,
    public_key: publicKeyHex(key.publicKey),
  }
  await record(paths, 'policy_published', result)
  return result
}

export async function pullPolicy(paths: Paths, settings: TeamSettings, name: string) {
  checkPolicyName(name)
  const got = await getSnapshot(settings, name)
  if (!got) {
    throw new UsageError(`no team policy "${name}" in bucket ${policyBucket}`, {
      hint: 'Check the name with whoever published it (`cloudops policy publish FILE --name NAME`).',
    })
  }
  const snapshot = checkSnapshot(name, got.bytes, settings.trustedKeys)
  const files = teamPinFiles(paths)
  mkdirSync(paths.configDir, { recursive: true, mode: 0o700 })
  // Validated as a policy file before it replaces the pin: a signed but invalid policy is refused too.
  const candidate = `${files.policy}.pulled`
  writeFileAtomic(candidate, snapshot.policy, 0o600)
  let loaded: ReturnType<typeof loadPolicyFile>
  try {
    loaded = loadPolicyFile(candidate)
  } finally {
    rmSync(candidate, { force: true })
  }
  const pin: TeamPin = {
    name,
    sha256: loaded.sha256,
    key_id: keyIdOfHex(snapshot.public_key),
    public_key: snapshot.public_key,
    signed_at: snapshot.signed_at,
    revision: got.revision,
    pulled_at: new Date().toISOString(),
  }
  writeFileAtomic(files.policy, snapshot.policy, 0o600)
  writeFileAtomic(files.pin, `${JSON.stringify(pin, null, 2)}\n`, 0o600)
  const result = { ...pin, source: pinSource(pin) }
  await record(paths, 'policy_pulled', { name, revision: pin.revision, sha256: pin.sha256, signer: pin.public_key })
  return result
}
