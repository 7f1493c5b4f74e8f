// `config init`: the starter file (never clobbered without --force) and the local signing key.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import type { Paths } from '../config/paths.js'
import { ensureSigningKey, signingKeyFiles } from '../config/signing-key.js'
import { starterConfig } from '../config/starter.js'
import { UsageError } from '../errors.js'

export interface ConfigInitResult {
  config: string
  signing_key: string
  signing_key_created: boolean
}

export function initConfig(paths: Paths, options: { force: boolean }): ConfigInitResult {
  if (existsSync(paths.configFile) && !options.force) {
    throw new UsageError(`${paths.configFile} already exists`, {
      hint: 'Edit it, use `cloudops config set KEY VALUE`, or pass --force to replace it.',
    })
  }
  mkdirSync(paths.configDir, { recursive: true, mode: 0o700 })
  writeFileSync(paths.configFile, starterConfig, { mode: 0o600 })
  chmodSync(paths.configFile, 0o600)
  const created = ensureSigningKey(paths)
  return { config: paths.configFile, signing_key: signingKeyFiles(paths).privateKey, signing_key_created: created }
}
