// Why AWS credentials could not be used, in one line a person on call can act on, and the fix. Shared by doctor
// and by a run's step errors, so both say the same thing. No SDK import: it reads the shared files itself.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

type Env = Record<string, string | undefined>

interface CredentialsProblem {
  message: string
  fix: string
}

interface SharedFile {
  /** As shown to the user: "~/.aws/config", or the path a variable names. */
  shown: string
  path: string
}

function sharedFiles(env: Env): SharedFile[] {
  const home = env.HOME || homedir()
  const file = (variable: string, name: string): SharedFile => {
    const set = env[variable]
    return set
      ? { shown: `${set} (${variable})`, path: set }
      : { shown: `~/.aws/${name}`, path: join(home, '.aws', name) }
  }
  return [file('AWS_CONFIG_FILE', 'config'), file('AWS_SHARED_CREDENTIALS_FILE', 'credentials')]
}

/** The profile names in the shared config and credentials files (`[profile x]`, `[x]`, `[default]`). */
function sharedProfiles(env: Env = process.env): Set<string> {
  const names = new Set<string>()
  for (const f of sharedFiles(env)) {
    if (!existsSync(f.path)) continue
    let text = ''
    try {
      text = readFileSync(f.path, 'utf8')
    } catch {
      continue
    }
    for (const m of text.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]\s][^\]]*?)\s*\]/gm)) {
      const name = m[1] as string
      if (!/^(sso-session|services)\s/.test(name)) names.add(name)
    }
  }
  return names
}

/** The profile the SDK will use: the environment's, else AWS_PROFILE. */
function effectiveProfile(profile: string | undefined, env: Env = process.env): string | undefined {
  return profile || env.AWS_PROFILE || undefined
}

function configHint(envName: string | undefined, what: string): string {
  return envName
    ? `${what} environments.${envName}.aws.profile in config.yaml`
    : `${what} the environment's aws.profile`
}

/**
 * A credentials failure (the SDK's CredentialsProviderError, an expired SSO session or token, a rejected key),
 * described; undefined for any other error.
 */
export function describeAwsCredentialsError(
  err: unknown,
  where: { profile?: string; environment?: string; env?: Env } = {},
): CredentialsProblem | undefined {
  const env = where.env ?? process.env
  const e = err as { name?: string; message?: string; Code?: string }
  const name = e?.name ?? ''
  const text = e?.message ?? ''
  const fromMessage = /using profile: \[([^\]]+)\]/.exec(text)?.[1]
  const profile = effectiveProfile(where.profile, env) ?? fromMessage
  const viaVar = !where.profile && env.AWS_PROFILE ? ' (from AWS_PROFILE)' : ''
  const files = sharedFiles(env)

  if (/SSO/i.test(text) && /expired|refresh|invalid/i.test(text)) {
    return {
      message: `the AWS SSO session${profile ? ` for profile "${profile}"` : ''} has expired`,
      fix: `Run \`aws sso login${profile ? ` --profile ${profile}` : ''}\`.`,
    }
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException' || name === 'RequestExpired') {
    return {
      message: `the AWS session token${profile ? ` of profile "${profile}"` : ''} has expired`,
      fix: profile
        ? `Refresh it (\`aws sso login --profile ${profile}\`, or your usual login), then retry.`
        : 'Refresh AWS_SESSION_TOKEN (or your usual login), then retry.',
    }
  }
  if (/^(InvalidClientTokenId|UnrecognizedClient(Exception)?|SignatureDoesNotMatch|InvalidAccessKeyId)$/.test(name)) {
    return {
      message: `AWS rejected the credentials${profile ? ` of profile "${profile}"` : ''} (${name}): the access key or secret is wrong or deleted`,
      fix: profile
        ? `Run \`aws configure --profile ${profile}\` with a valid key, or ${configHint(where.environment, 'change')}.`
        : 'Set a valid AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or run `aws configure`.',
    }
  }
  if (name !== 'CredentialsProviderError' && !/could not (load|resolve) credentials/i.test(text)) return undefined

  if (profile) {
    if (!sharedProfiles(env).has(profile)) {
      return {
        message: `profile "${profile}"${viaVar} is not in ${files.map((f) => f.shown).join(' or ')}`,
        fix: `Run \`aws configure --profile ${profile}\` (or \`aws configure sso --profile ${profile}\`), or ${configHint(where.environment, 'change')}.`,
      }
    }
    const first = /could not (load|resolve) credentials/i.test(text) ? '' : (text.split('\n')[0]?.trim() ?? '')
    return {
      message: `profile "${profile}"${viaVar} has no usable credentials${first ? `: ${first}` : ''}`,
      fix: `Run \`aws configure --profile ${profile}\` (or \`aws sso login --profile ${profile}\` for SSO).`,
    }
  }
  return {
    message:
      'no AWS credentials found (no AWS_PROFILE, no AWS_ACCESS_KEY_ID, no default profile, no SSO or instance role)',
    fix: `Set AWS_PROFILE or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, run \`aws configure\`, or ${configHint(where.environment, 'set')}.`,
  }
}
