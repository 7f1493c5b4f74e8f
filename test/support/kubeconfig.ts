// A kubeconfig for a server a test runs itself (a fake API server, a hung one): token user, TLS not verified.
import { writeFileSync } from 'node:fs'

export function writeKubeconfig(file: string, server: string, contexts: readonly string[] = ['fake']): string {
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{ name: c, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]`,
      'users: [{ name: u, user: { token: not-a-real-token } }]',
      `contexts: [${contexts.map((c) => `{ name: ${c}, context: { cluster: c, user: u } }`).join(', ')}]`,
      `current-context: ${contexts[0]}`,
      '',
    ].join('\n'),
  )
  return file
}
