// Where a command's CPU time goes: run it under --cpu-prof and add self time up by package (or by our own
// top-level directory), so an unmet target comes with a profile rather than a guess.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

interface ProfileNode {
  id: number
  callFrame: { url: string; functionName: string; lineNumber: number }
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** The bundle's modules by first line: esbuild heads each with a `// <path>` comment (a file, or a module made by
 * scripts/bundle.js such as `cjs-builtin:node:fs?readFileSync`). */
function bundleSections(file: string): { line: number; path: string }[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, line) => (/^\/\/ [^@\s]\S*$/.test(text) ? [{ line, path: text.slice(3) }] : []))
}

/** The module a line of the bundle belongs to (its path as esbuild names it), by binary search. */
function sectionOf(sections: { line: number; path: string }[], line: number): string | undefined {
  let lo = 0
  let hi = sections.length - 1
  let found: string | undefined
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = sections[mid] as { line: number; path: string }
    if (s.line <= line) {
      found = s.path
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

function bucket(where: string): string {
  if (!where) return '(native, GC, idle)'
  // A bundle's module path is relative to the repository: node_modules/<package>/….
  const url = where.startsWith('node_modules/') ? `/${where}` : where
  if (url.startsWith('node:') || url.startsWith('cjs-builtin:')) return 'node internals'
  const nm = url.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/')
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url)
  }
  if (url.startsWith('src/')) return `cloudops ${url.split('/').slice(0, 2).join('/')}`
  const dist = url.indexOf('/dist/')
  if (dist >= 0)
    return `cloudops ${url
      .slice(dist + 1)
      .split('/')
      .slice(0, 2)
      .join('/')}`
  return url.replace(/^file:\/\//, '')
}

/** Runs profiled, and the sampling interval: one run sampled each millisecond says little of a 50 ms start-up. */
export const profiledRuns = 5
export const sampleEveryUs = 250

/**
 * The top `limit` buckets by self time, in ms (the mean of a few runs), for `args` under `node` (this one by default).
 * Time in the bundle goes to the module each line came from (a package, or our own top-level directory).
 */
export function profile(
  args: string[],
  env: Record<string, string>,
  limit = 8,
  options: { node?: string; input?: string } = {},
): { bucket: string; ms: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-prof-'))
  const flags = ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${sampleEveryUs}`]
  for (let run = 0; run < profiledRuns; run++) {
    spawnSync(options.node ?? process.execPath, [...flags, ...args], {
      env: { ...process.env, ...env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'],
      input: options.input,
    })
  }
  const totals = new Map<string, number>()
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  for (const file of files) {
    const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    for (const [b, ms] of selfTimes(prof)) totals.set(b, (totals.get(b) ?? 0) + ms / files.length)
  }
  return [...totals.entries()]
    .map(([b, ms]) => ({ bucket: b, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit)
}

/** Self time (ms) by bucket in one profile. */
function selfTimes(prof: CpuProfile): Map<string, number> {
  // cli.cjs, and the files of their own beside it (mcp-sdk.js): each bundled line goes to the module it came from.
  // cli.cjs, compiled as a vm.Script (src/startup/load-cli.ts), is named by its path rather than a file: URL.
  const bundleDir = new URL('../dist/bundle/', import.meta.url).href
  const sectionsOf = new Map<string, { line: number; path: string }[]>()
  const where = (n: ProfileNode | undefined) => {
    const named = n?.callFrame.url ?? ''
    const url = named.startsWith('/') ? pathToFileURL(named).href : named
    if (!url.startsWith(bundleDir) || !/\.c?js$/.test(url)) return url
    if (!sectionsOf.has(url)) sectionsOf.set(url, bundleSections(new URL(url).pathname))
    const sections = sectionsOf.get(url) ?? []
    return sectionOf(sections, n?.callFrame.lineNumber ?? 0)?.replace(/^(\.\.\/)+/, '/') ?? url
  }
  const nodeOf = new Map(prof.nodes.map((n) => [n.id, n]))
  const totals = new Map<string, number>()
  prof.samples.forEach((id, i) => {
    const b = bucket(where(nodeOf.get(id)))
    totals.set(b, (totals.get(b) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000)
  })
  return totals
}
