// `config init`: the starter file and the local signing key, each created when missing. An existing config.yaml is
// kept (--force replaces it, after a backup beside it with the original's mode); the key is never replaced.
import { chmodSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs'
import { type Adoption, adoptAuditLog } from '../audit/adopt.js'
import type { Paths } from '../config/paths.js'
import { ensureSigningKey, loadSigningKey, signingKeyFiles } from '../config/signing-key.js'
import { starterConfig } from '../config/starter.js'
import { UsageError } from '../errors.js'
import { writeFileAtomic } from '../util/safe-write.js'

export interface ConfigInitResult {
  config: string
  /** True when the starter config was written (there was none, or --force). */
  config_written: boolean
  /** Where the replaced config was copied (--force over an existing file), else null. */
  config_backup: string | null
  signing_key: string
  signing_key_created: boolean
  /** What became of an audit log that existed before the key: its head signed, or left for the user to check. */
  audit_log: Adoption
}

/** 2025-01-31T12:34:56.789Z → 20250131T123456Z: sortable, and safe in a file name. */
function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')
}

/** Copies `file` to `<file>.bak-<timestamp>` (a new name, never overwriting), with the original's mode. */
function backup(file: string, now: Date): string {
  const mode = statSync(file).mode & 0o7777
  const base = `${file}.bak-${stamp(now)}`
  for (let i = 1; i < 100; i++) {
    const target = i === 1 ? base : `${base}-${i}`
    if (existsSync(target)) continue
    copyFileSync(file, target, constants.COPYFILE_EXCL)
    chmodSync(target, mode)
    return target
  }
  throw new UsageError(`too many backups of ${file} at ${stamp(now)}`, { hint: 'Wait a second and run it again.' })
}

export async function initConfig(paths: Paths, options: { force: boolean; now?: Date }): Promise<ConfigInitResult> {
  mkdirSync(paths.configDir, { recursive: true, mode: 0o700 })
  const exists = existsSync(paths.configFile)
  if (!exists && lstatExists(paths.configFile)) {
    throw new UsageError(`${paths.configFile} is a link to a file that does not exist`, {
      hint: 'Remove the link or create its target, then run `cloudops config init` again.',
    })
  }
  let written = false
  let backupPath: string | null = null
  if (!exists) {
    writeFileAtomic(paths.configFile, starterConfig, 0o600)
    written = true
  } else if (options.force) {
    if (!statSync(paths.configFile).isFile()) {
      throw new UsageError(`${paths.configFile} is not a regular file`, { hint: 'Move it aside, then run it again.' })
    }
    backupPath = backup(paths.configFile, options.now ?? new Date())
    // A config.yaml that is a link (dotfiles) stays one: the file it points to is replaced.
    writeFileAtomic(realpathSync(paths.configFile), starterConfig, 0o600)
    written = true
  }
  const created = ensureSigningKey(paths)
  const key = loadSigningKey(paths)
  const audit_log = key ? await adoptAuditLog(paths.auditLog, key) : 'no-log'
  return {
    audit_log,
    config: paths.configFile,
    config_written: written,
    config_backup: backupPath,
    signing_key: signingKeyFiles(paths).privateKey,
    signing_key_created: created,
  }
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}
