// Which policy is in force, read and validated: --policy, CLOUDOPS_POLICY, $XDG_CONFIG_HOME/cloudops/policy.yaml,
// else the built-in default. A project's ./.cloudops/policy.yaml never replaces it: a cloned repository could drop
// every deny that way. It can only add restrictions (deny / require_approval rules, a stricter default), evaluated
// together with the policy in force, deny-overrides across both. The plan records the source and sha256.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Paths } from '../config/paths.js'
import { UsageError } from '../errors.js'
import { formatProblem, validateDocument } from '../schema/validate-document.js'
import { parseYamlSource } from '../schema/yaml-source.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import { builtinPolicy } from './builtin.js'
import { isValidGlob } from './glob.js'
import { checkPinnedBytes, pinSource, readTeamPin } from './team-pin.js'
import type { Effect, LoadedPolicy, Policy } from './types.js'

interface PolicySources {
  flag?: string
  env: Record<string, string | undefined>
  cwd: string
  paths: Paths
}

/** The file the policy comes from and why, or undefined for the built-in default. */
function resolvePolicyPath(src: PolicySources): { file: string; via: string } | undefined {
  if (src.flag) return { file: resolve(src.cwd, src.flag), via: '--policy' }
  if (src.env.CLOUDOPS_POLICY) return { file: resolve(src.cwd, src.env.CLOUDOPS_POLICY), via: 'CLOUDOPS_POLICY' }
  if (existsSync(src.paths.userPolicyFile)) return { file: src.paths.userPolicyFile, via: 'config' }
  const team = readTeamPin(src.paths)
  if (team) return { file: team.file, via: 'team' }
  return undefined
}

/** The pinned team policy, its bytes checked against the pin, its source naming it and its signer. */
function loadTeamPolicy(paths: Paths): LoadedPolicy {
  const team = readTeamPin(paths) as NonNullable<ReturnType<typeof readTeamPin>>
  const loaded = loadPolicyFile(team.file)
  checkPinnedBytes(team.pin, loaded.sha256, team.file)
  return { ...loaded, source: pinSource(team.pin) }
}

function projectPolicyPath(cwd: string): string | undefined {
  const file = join(cwd, '.cloudops', 'policy.yaml')
  return existsSync(file) ? file : undefined
}

export function loadPolicy(src: PolicySources): LoadedPolicy {
  const resolved = resolvePolicyPath(src)
  const base = !resolved
    ? builtin()
    : resolved.via === 'team'
      ? loadTeamPolicy(src.paths)
      : loadPolicyFile(resolved.file)
  const notices =
    !resolved || resolved.via === 'config'
      ? []
      : [`policy: ${resolved.via === 'team' ? base.source : resolved.file} (from ${resolved.via})`]
  const project = projectPolicyPath(src.cwd)
  if (!project) return { ...base, notices }
  const extra = loadPolicyFile(project)
  return {
    ...restrictWith(base, extra),
    notices: [...notices, `policy: adding the restrictions of ${project} to ${base.source}`],
  }
}

const rank: Record<Effect, number> = { allow: 0, require_approval: 1, deny: 2 }

/** The policy in force with a project's restrictions on top; a project policy that would allow anything is refused. */
function restrictWith(base: LoadedPolicy, project: LoadedPolicy): LoadedPolicy {
  const allowing = project.policy.rules.find((r) => r.effect === 'allow')
  if (allowing) {
    throw new UsageError(
      `${project.source}: rule "${allowing.id}" allows; a project policy may only add restrictions (deny or require_approval)`,
      { hint: `Remove the rule, or move it to your own policy (${'$XDG_CONFIG_HOME/cloudops/policy.yaml'}).` },
    )
  }
  const a = base.policy
  const b = project.policy
  const policy: Policy = {
    version: 1,
    read_only: a.read_only || b.read_only,
    default: rank[b.default] > rank[a.default] ? b.default : a.default,
    rules: [...a.rules, ...b.rules.map((r) => ({ ...r, id: `project:${r.id}` }))],
  }
  return {
    policy,
    source: `${base.source} + ${project.source}`,
    sha256: sha256Hex(`${base.sha256}\n${project.sha256}`),
  }
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
