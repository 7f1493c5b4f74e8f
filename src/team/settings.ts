// Team mode's settings from config.yaml's `team:` and the environment. Credentials come from a creds file or
// NATS_TOKEN, never from config.yaml, and are never put in any output, audit record or cache.
import { readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../config/config.js'
import { configDefaults } from '../config/defaults.js'
import { UsageError } from '../errors.js'

export type ShipMode = 'metadata' | 'full'

type TeamAuth = { kind: 'creds'; bytes: Uint8Array } | { kind: 'token'; token: string } | { kind: 'none' }

export interface TeamSettings {
  natsUrl: string
  stream: string
  ship: ShipMode
  autoShip: boolean
  trustedKeys: string[]
  /** Where the credentials come from (what doctor names), known without reading them. */
  authSource: 'team.creds_file' | 'NATS_TOKEN' | 'none'
  auth: () => TeamAuth
}

const expandHome = (p: string, env: Record<string, string | undefined>) =>
  p.startsWith('~/') ? join(env.HOME || homedir(), p.slice(2)) : p

function readCreds(file: string): Uint8Array {
  try {
    const mode = statSync(file).mode & 0o777
    if (mode & 0o077) {
      throw new UsageError(`NATS credentials ${file} are readable by others (mode ${mode.toString(8)})`, {
        hint: `Run \`chmod 600 ${file}\`.`,
      })
    }
    return readFileSync(file)
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`cannot read team.creds_file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: 'Fix team.creds_file (`cloudops config set team.creds_file PATH`), or unset it and use NATS_TOKEN.',
    })
  }
}

/** The team settings, or a usage error (exit 2) saying how to configure them. */
export function teamSettings(config: Config, env: Record<string, string | undefined> = process.env): TeamSettings {
  const team = config.team
  if (!team) {
    throw new UsageError('team mode is not configured (no `team:` in config.yaml)', {
      hint: 'Run `cloudops config set team.nats_url nats://127.0.0.1:4222` (see the README, "Team mode").',
    })
  }
  const creds = team.creds_file ? expandHome(team.creds_file, env) : undefined
  return {
    natsUrl: team.nats_url,
    stream: team.stream ?? configDefaults['team.stream'],
    ship: team.ship ?? configDefaults['team.ship'],
    autoShip: team.auto_ship ?? configDefaults['team.auto_ship'],
    trustedKeys: team.trusted_keys ?? [],
    authSource: creds ? 'team.creds_file' : env.NATS_TOKEN ? 'NATS_TOKEN' : 'none',
    // Read when connecting, not before: a command that never connects never touches the secret.
    auth: () => {
      if (creds) return { kind: 'creds', bytes: readCreds(creds) }
      if (env.NATS_TOKEN) return { kind: 'token', token: env.NATS_TOKEN }
      return { kind: 'none' }
    },
  }
}
