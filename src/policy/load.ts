// Which policy is in force, read and validated: --policy, CLOUDOPS_POLICY, ./.cloudops/policy.yaml,
// $XDG_CONFIG_HOME/cloudops/policy.yaml, else the built-in default. The plan records its source and sha256.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Paths } from '../config/paths.js'
import { UsageError } from '../errors.js'
import { formatProblem, validateDocument } from '../schema/validate-document.js'
import { parseYamlSource } from '../schema/yaml-source.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import { builtinPolicy } from './builtin.js'
import { isValidGlob } from './glob.js'
import type { LoadedPolicy, Policy } from './types.js'

export interface PolicySources {
  flag?: string
  env: Record<string, string | undefined>
  cwd: string
  paths: Paths
}

/** The file the policy comes from, or undefined for the built-in default. */
export function resolvePolicyPath(src: PolicySources): string | undefined {
  if (src.flag) return resolve(src.cwd, src.flag)
  if (src.env.CLOUDOPS_POLICY) return resolve(src.cwd, src.env.CLOUDOPS_POLICY)
  const local = join(src.cwd, '.cloudops', 'policy.yaml')
  if (existsSync(local)) return local
  if (existsSync(src.paths.userPolicyFile)) return src.paths.userPolicyFile
  return undefined
}

export function loadPolicy(src: PolicySources): LoadedPolicy {
  const file = resolvePolicyPath(src)
  if (!file) return builtin()
  return loadPolicyFile(file)
}

export function builtin(): LoadedPolicy {
  return { policy: builtinPolicy, source: 'built-in', sha256: sha256Hex(canonicalJson(builtinPolicy)) }
}

const hint = (file: string) => `Fix ${file}; \`cloudops policy show --policy ${file}\` validates it.`

export function loadPolicyFile(file: string): LoadedPolicy {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read policy ${file}: ${code === 'ENOENT' ? 'no such file' : code}`, {
      hint: 'Pass an existing file with --policy or CLOUDOPS_POLICY.',
    })
  }
  const text = bytes.toString('utf8')
  const result = validateDocument<Partial<Policy> & Pick<Policy, 'version' | 'rules'>>(text, file, 'policy')
  if (!result.ok) {
    const first = result.problems[0] as Parameters<typeof formatProblem>[0]
    throw new UsageError(`invalid policy: ${formatProblem(withRuleId(text, first))}`, {
      hint: hint(file),
      details: { problems: result.problems },
    })
  }
  const { read_only = true, default: fallback = 'require_approval', ...rest } = result.value
  const policy: Policy = { ...rest, read_only, default: fallback }
  checkRules(policy, file, text)
  return { policy, source: file, sha256: sha256Hex(bytes) }
}

/** Name the rule a schema problem is in ("rules.2.match" → rule "no-prod-deletes"). */
function withRuleId(text: string, problem: Parameters<typeof formatProblem>[0]) {
  const m = /\brules\.(\d+)/.exec(problem.message)
  if (!m) return problem
  const data = parseYamlSource(text).data as { rules?: { id?: unknown }[] }
  const id = data.rules?.[Number(m[1])]?.id
  return typeof id === 'string' ? { ...problem, message: `rule "${id}": ${problem.message}` } : problem
}

/** What the schema cannot say: unique rule ids and well-formed globs, each error naming the rule. */
function checkRules(policy: Policy, file: string, text: string) {
  const source = parseYamlSource(text)
  const seen = new Set<string>()
  policy.rules.forEach((rule, i) => {
    const at = (key: string[]) => `${file}:${source.lineOf(['rules', String(i), ...key]) ?? '?'}`
    if (seen.has(rule.id)) {
      throw new UsageError(`${at(['id'])}: duplicate rule id "${rule.id}"`, { hint: 'Give every rule its own id.' })
    }
    seen.add(rule.id)
    for (const key of ['env', 'action', 'resource'] as const) {
      for (const [j, glob] of (rule.match[key] ?? []).entries()) {
        if (!isValidGlob(glob)) {
          throw new UsageError(
            `${at(['match', key, String(j)])}: rule "${rule.id}": bad glob "${glob}" in match.${key}`,
            {
              hint: 'Globs may use letters, digits, . _ - : / @ and the wildcards * and ? only.',
            },
          )
        }
      }
    }
  })
}
