// The playbook catalogue's use cases behind `cloudops playbooks ...`.
import { statSync } from 'node:fs'
import type { Paths } from '../config/paths.js'
import { clashOf, loadPlaybooks, readPlaybookFile, shippedPlaybooksDir, yamlFiles } from '../planner/load.js'
import { type DocumentProblem, formatProblem } from '../schema/validate-document.js'

interface PlaybooksValidation {
  valid: boolean
  files: { file: string; valid: boolean; problems: { line: number | null; message: string }[] }[]
  /** Every problem of every file, each naming its file and line, for a person. */
  problems: string[]
}

/** A directory's YAML files, or the path itself (a missing path is reported by the validation). */
function expand(path: string): string[] {
  try {
    return statSync(path).isDirectory() ? yamlFiles(path) : [path]
  } catch {
    return [path]
  }
}

/** The given files and directories; with none, the shipped playbooks, the user's, and --playbooks DIR. */
export async function validatePlaybooks(
  paths: Paths,
  given: string[],
  extraDir?: string,
): Promise<PlaybooksValidation> {
  const files = given.length
    ? given.flatMap(expand)
    : [...yamlFiles(shippedPlaybooksDir), ...yamlFiles(paths.userPlaybooksDir), ...(extraDir ? expand(extraDir) : [])]
  const results = await Promise.all(files.map(async (file) => ({ file, result: await readPlaybookFile(file, 'user') })))
  // A valid file whose name another playbook already has would be skipped by every other command: say so here.
  const catalogue = new Map((await loadPlaybooks({ paths, extraDir })).map((p) => [p.playbook.metadata.name, p]))
  for (const r of results) {
    const clash = r.result.ok ? clashOf(r.result.loaded, catalogue) : undefined
    if (clash) r.result = { ok: false, problems: [{ file: r.file, message: clash }] }
  }
  const invalid: DocumentProblem[] = results.flatMap((r) => (r.result.ok ? [] : r.result.problems))
  return {
    valid: invalid.length === 0,
    files: results.map(({ file, result }) => ({
      file,
      valid: result.ok,
      problems: result.ok ? [] : result.problems.map((p) => ({ line: p.line ?? null, message: p.message })),
    })),
    problems: invalid.map(formatProblem),
  }
}
