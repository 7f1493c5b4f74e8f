// Team policies in the JetStream key-value bucket `cloudops-policy`: one key per policy name, with history.
import { RuntimeError, UsageError } from '../errors.js'
import { connectTeam, unreachable } from './connect.js'
import type { TeamSettings } from './settings.js'

export const policyBucket = 'cloudops-policy'
const keyPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/

export function checkPolicyName(name: string): void {
  if (!keyPattern.test(name) || name.endsWith('.')) {
    throw new UsageError(`"${name}" is not a team policy name`, {
      hint: 'Use letters, digits, ".", "_" and "-" (e.g. prod-baseline).',
    })
  }
}

async function withBucket<T>(
  settings: TeamSettings,
  create: boolean,
  use: (kv: import('@nats-io/kv').KV) => Promise<T>,
): Promise<T> {
  const nc = await connectTeam(settings)
  try {
    const { Kvm } = await import('@nats-io/kv')
    const kvm = new Kvm(nc)
    const kv = create ? await kvm.create(policyBucket, { history: 10 }) : await kvm.open(policyBucket)
    return await use(kv)
  } catch (err) {
    if (err instanceof UsageError || err instanceof RuntimeError) throw err
    if (/not found/i.test(String((err as Error)?.message))) {
      throw new UsageError(`the team has no policy bucket ${policyBucket}`, {
        hint: 'Publish a policy first: `cloudops policy publish FILE --name NAME`.',
      })
    }
    throw unreachable(settings, err)
  } finally {
    await nc.close().catch(() => {})
  }
}

export function putSnapshot(settings: TeamSettings, name: string, bytes: Uint8Array): Promise<number> {
  return withBucket(settings, true, (kv) => kv.put(name, bytes))
}

/** The latest snapshot's bytes and revision, or undefined when the name has none (or was deleted). */
export function getSnapshot(
  settings: TeamSettings,
  name: string,
): Promise<{ bytes: Uint8Array; revision: number } | undefined> {
  return withBucket(settings, false, async (kv) => {
    const e = await kv.get(name)
    return e && e.operation === 'PUT' ? { bytes: e.value, revision: e.revision } : undefined
  })
}
