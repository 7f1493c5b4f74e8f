// Where a command's CPU time goes: run it under --cpu-prof and add self time up by package (or by our own
// top-level directory), so an unmet target comes with a profile rather than a guess.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { url: string; functionName: string }
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

function bucket(url: string): string {
  if (!url) return '(native, GC, idle)'
  if (url.startsWith('node:')) return 'node internals'
  const nm = url.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/')
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url)
  }
  const dist = url.indexOf('/dist/')
  if (dist >= 0)
    return `cloudops ${url
      .slice(dist + 1)
      .split('/')
      .slice(0, 2)
      .join('/')}`
  return url.replace(/^file:\/\//, '')
}

/** The top `limit` buckets by self time, in ms, for one run of `args` under node. */
export function profile(args: string[], env: Record<string, string>, limit = 8): { bucket: string; ms: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-prof-'))
  spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  })
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) return []
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
  const urlOf = new Map(prof.nodes.map((n) => [n.id, n.callFrame.url]))
  const totals = new Map<string, number>()
  prof.samples.forEach((id, i) => {
    const b = bucket(urlOf.get(id) ?? '')
    totals.set(b, (totals.get(b) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000)
  })
  return [...totals.entries()]
    .map(([b, ms]) => ({ bucket: b, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit)
}
