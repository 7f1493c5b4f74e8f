// The team's audit stream: created when missing, on file storage, with a duplicate window longer than any retry
// (a laptop offline over a long weekend), so a resend of a record the stream already holds is dropped by the server.
import type { NatsConnection } from '@nats-io/transport-node'
import { UsageError } from '../errors.js'

const duplicateWindowNs = 7 * 24 * 3600 * 1e9
const auditSubjects = 'cloudops.audit.>'

export async function ensureStream(nc: NatsConnection, name: string): Promise<void> {
  const { jetstreamManager, StorageType } = await import('@nats-io/jetstream')
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info(name).catch((err: Error) => {
    if (/not found/i.test(err.message)) return undefined
    throw err
  })
  if (!info) {
    await jsm.streams.add({
      name,
      subjects: [auditSubjects],
      storage: StorageType.File,
      duplicate_window: duplicateWindowNs,
    })
    return
  }
  if (!info.config.subjects?.some((s) => s === auditSubjects || s === 'cloudops.>' || s === '>')) {
    throw new UsageError(`stream ${name} does not take the subjects ${auditSubjects}`, {
      hint: `Add ${auditSubjects} to the stream's subjects, or set team.stream to another name.`,
    })
  }
}
