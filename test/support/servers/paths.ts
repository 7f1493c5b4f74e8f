// Where scripts/servers/*.sh put the test-server binaries (built once per machine).
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const serversCache = process.env.CLOUDOPS_TEST_CACHE || join(homedir(), '.cache', 'cloudops-test-servers')

export function serverBinary(name: 'moto_server' | 'etcd' | 'kube-apiserver'): string {
  const path = join(serversCache, 'bin', name)
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run scripts/servers/ensure.sh (it builds/installs the test servers once)`)
  }
  return path
}
