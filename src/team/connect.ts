// A connection to the team's NATS server. The client packages are imported here, lazily: no other command pays
// for them at start-up. Connection errors become one line (exit 1) that names the server, never a credential.
import type { NatsConnection } from '@nats-io/transport-node'
import { RuntimeError, UsageError } from '../errors.js'
import type { TeamSettings } from './settings.js'

// nats.js leaves its socket open when a connect times out (a server that accepts and never answers), which would
// keep the process alive after the command is done. Such a timeout is noted here, and the command ends the process
// once it has finished (lingerGuard).
let lingering = false

export function noteLingeringSocket(): void {
  lingering = true
}

/** After a command: when a socket may linger, exit shortly (with the exit code already set) instead of hanging. */
export function lingerGuard(): void {
  if (lingering) setTimeout(() => process.exit(), 200).unref()
}

export async function connectTeam(settings: TeamSettings, timeoutMs = 5000): Promise<NatsConnection> {
  const { connect, credsAuthenticator } = await import('@nats-io/transport-node')
  const auth = settings.auth()
  try {
    return await connect({
      servers: settings.natsUrl,
      timeout: timeoutMs,
      // One attempt: a ship that cannot reach the server ends now, and the next one resumes.
      reconnect: false,
      maxReconnectAttempts: 0,
      name: 'cloudops',
      ...(auth.kind === 'token' ? { token: auth.token } : {}),
      ...(auth.kind === 'creds' ? { authenticator: credsAuthenticator(auth.bytes) } : {}),
    })
  } catch (err) {
    if ((err as Error)?.name === 'TimeoutError') noteLingeringSocket()
    throw unreachable(settings, err)
  }
}

/** What a failed NATS call means for the user, without the credential or a stack. */
export function unreachable(settings: TeamSettings, err: unknown): RuntimeError | UsageError {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err)
  const name = err instanceof Error ? err.name : ''
  if (/authoriz|authentic|permission/i.test(`${name} ${message}`)) {
    return new UsageError(`the team's NATS server ${settings.natsUrl} refused the credentials (${name})`, {
      hint: 'Check team.creds_file or NATS_TOKEN.',
    })
  }
  return new RuntimeError(`cannot reach the team's NATS server ${settings.natsUrl}: ${message}`, {
    hint: 'Check team.nats_url and that the server runs with JetStream (-js); nothing is lost, the next ship resumes.',
  })
}
