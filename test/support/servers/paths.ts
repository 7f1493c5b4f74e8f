// Where scripts/servers/ensure.sh puts the test-server binaries: a cache directory keyed by the recipe, so a
// changed build script never runs the tests against binaries an older recipe made.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const ensureScript = new URL('../../../scripts/servers/ensure.sh', import.meta.url).pathname
let binDir: string | undefined

export function serverBinary(name: 'moto_server' | 'etcd' | 'kube-apiserver'): string {
  binDir ??= execFileSync('bash', [ensureScript, '--bin-dir'], { encoding: 'utf8' }).trim()
  const path = join(binDir, name)
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run scripts/servers/ensure.sh (npm test runs it; it builds the servers once)`)
  }
  return path
}
