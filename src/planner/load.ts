// Playbooks: the shipped ones, then $XDG_CONFIG_HOME/cloudops/playbooks/, then --playbooks DIR. A user playbook
// with a shipped name replaces it only with `overrides: true`. One bad user file (invalid, or a clash) never stops
// the others: it is skipped, and the caller is told which file and why.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Paths } from '../config/paths.js'
import { UsageError } from '../errors.js'
import { type DocumentProblem, formatProblem, validateDocument } from '../schema/validate-document.js'
import { parseYamlSource } from '../schema/yaml-source.js'
import { byCodeUnits } from '../util/compare.js'
import { sha256Hex } from '../util/hash.js'
import { checkPlaybook } from './check.js'
import type { LoadedPlaybook, Playbook } from './playbook.js'

export const shippedPlaybooksDir = fileURLToPath(new URL('../../playbooks/', import.meta.url))

interface PlaybookSources {
  paths: Paths
  /** --playbooks DIR */
  extraDir?: string
  /** Told of each user file skipped, in one line with the fix (a command prints it as a notice). */
  onSkipped?: (line: string) => void
}

export function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...yamlFiles(full))
    else if (/\.ya?ml$/.test(entry.name)) out.push(full)
  }
  return out.sort()
}

type PlaybookFileResult = { ok: true; loaded: LoadedPlaybook } | { ok: false; problems: DocumentProblem[] }

function readText(file: string): { text: string } | { problems: DocumentProblem[] } {
  try {
    return { text: readFileSync(file, 'utf8') }
  } catch (err) {
    return { problems: [{ file, message: `cannot read: ${(err as NodeJS.ErrnoException).code}` }] }
  }
}

/** Parse, validate against the schema, then check it against the catalogues (actions, analyzers, params). */
export async function readPlaybookFile(file: string, origin: LoadedPlaybook['origin']): Promise<PlaybookFileResult> {
  const read = readText(file)
  if ('problems' in read) return { ok: false, problems: read.problems }
  const result = validateDocument<Playbook>(read.text, file, 'playbook')
  if (!result.ok) return result
  const problems = await checkPlaybook(result.value, read.text, file, origin)
  if (problems.length) return { ok: false, problems }
  return { ok: true, loaded: { playbook: result.value, file, sha256: sha256Hex(read.text), origin } }
}

let checkedAtBuild: ReadonlySet<string> | undefined

/**
 * The sha256 of each shipped playbook's text that the build read with readPlaybookFile and found sound
 * (scripts/shipped-yaml.js writes dist/shipped-checked.json). Keyed by content, so an edited file is checked again.
 */
function builtAndChecked(): ReadonlySet<string> {
  if (!checkedAtBuild) {
    try {
      const list = JSON.parse(readFileSync(new URL('../../dist/shipped-checked.json', import.meta.url), 'utf8'))
      checkedAtBuild = new Set(Array.isArray(list) ? list.filter((s) => typeof s === 'string') : [])
    } catch {
      checkedAtBuild = new Set()
    }
  }
  return checkedAtBuild
}

/**
 * A shipped playbook, without checking again what the build checked: every run would otherwise validate all of
 * them and load every action module they name, to use one.
 */
async function readShippedPlaybook(file: string): Promise<PlaybookFileResult> {
  const read = readText(file)
  if ('problems' in read) return { ok: false, problems: read.problems }
  const sha256 = sha256Hex(read.text)
  if (!builtAndChecked().has(sha256)) return readPlaybookFile(file, 'shipped')
  const playbook = parseYamlSource(read.text).data as Playbook
  return { ok: true, loaded: { playbook, file, sha256, origin: 'shipped' } }
}

function invalid(problems: DocumentProblem[]): UsageError {
  const [first, ...rest] = problems
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''
  return new UsageError(`invalid playbook: ${formatProblem(first as DocumentProblem)}${more}`, {
    hint: 'Fix the file (`cloudops playbooks validate FILE` lists every problem), or move it aside.',
    details: { problems },
  })
}

export async function loadPlaybooks(src: PlaybookSources): Promise<LoadedPlaybook[]> {
  if (src.extraDir && !(existsSync(src.extraDir) && statSync(src.extraDir).isDirectory())) {
    throw new UsageError(`--playbooks ${src.extraDir} is not a directory`, { hint: 'Give a directory of YAML files.' })
  }
  const batches: [string[], LoadedPlaybook['origin']][] = [
    [yamlFiles(shippedPlaybooksDir), 'shipped'],
    [yamlFiles(src.paths.userPlaybooksDir), 'user'],
    [src.extraDir ? yamlFiles(src.extraDir) : [], 'user'],
  ]
  const byName = new Map<string, LoadedPlaybook>()
  const skip = (file: string, why: string) =>
    src.onSkipped?.(
      `skipped playbook ${file}: ${why} — fix it (\`cloudops playbooks validate ${file}\`) or move it aside`,
    )
  for (const [all, origin] of batches) {
    // An empty file defines nothing; it is also what `playbooks show NAME -o yaml > mine.yaml` is writing into.
    const files = origin === 'user' ? all.filter((f) => !isEmpty(f)) : all
    const read = origin === 'shipped' ? readShippedPlaybook : (f: string) => readPlaybookFile(f, origin)
    const results = await Promise.all(files.map(read))
    for (const [i, r] of results.entries()) {
      // A shipped playbook that does not load is our bug, never the user's to work around.
      if (!r.ok && origin === 'shipped') throw invalid(r.problems)
      if (!r.ok) {
        skip(files[i] as string, formatProblem(r.problems[0] as DocumentProblem))
        continue
      }
      const clash = clashOf(r.loaded, byName)
      if (clash) {
        skip(r.loaded.file, clash)
        continue
      }
      byName.set(r.loaded.playbook.metadata.name, r.loaded)
    }
  }
  return [...byName.values()].sort((a, b) => byCodeUnits(a.playbook.metadata.name, b.playbook.metadata.name))
}

function isEmpty(file: string): boolean {
  try {
    return statSync(file).size === 0
  } catch {
    return false
  }
}

/** Why a playbook cannot join the catalogue: another of its name is there and it does not say `overrides: true`. */
export function clashOf(p: LoadedPlaybook, byName: ReadonlyMap<string, LoadedPlaybook>): string | undefined {
  const name = p.playbook.metadata.name
  const existing = byName.get(name)
  if (!existing || existing.file === p.file || p.playbook.overrides) return undefined
  return `its name "${name}" is taken by ${existing.file} (rename it, or add \`overrides: true\` to replace that one)`
}

export function findPlaybook(all: readonly LoadedPlaybook[], name: string): LoadedPlaybook {
  const found = all.find((p) => p.playbook.metadata.name === name)
  if (!found) {
    throw new UsageError(`no playbook named "${name}"`, {
      hint: `Choose one of: ${all.map((p) => p.playbook.metadata.name).join(', ')} (see \`cloudops playbooks list\`).`,
    })
  }
  return found
}
