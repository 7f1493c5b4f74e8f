// A real kube-apiserver backed by a real etcd, on free 127.0.0.1 ports, with an admin user and a
// read-only "viewer" user (RBAC), and kubeconfigs for both. No controllers, no kubelets: tests seed objects,
// including their status, through the API.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serverBinary } from './paths.js'
import { freePort, type ServerProcess, startProcess, waitUntil } from './process.js'

export interface Kube {
  server: string
  /** Admin (system:masters) kubeconfig, context "cloudops-test". */
  kubeconfig: string
  /** Read-only kubeconfig, context "cloudops-test-viewer": may read in namespace "viewer-ns" only. */
  restrictedKubeconfig: string
  adminToken: string
  ca: string
  dir: string
  stop(): Promise<void>
}

export const viewerNamespace = 'viewer-ns'

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' })
}

function makeCerts(dir: string) {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=cloudops-test-ca',
    ],
    dir,
  )
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'],
    dir,
  )
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'san.cnf',
    ],
    dir,
  )
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir)
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir)
}

function kubeconfig(server: string, ca: string, user: string, token: string, context: string): string {
  const caData = Buffer.from(ca).toString('base64')
  return `apiVersion: v1
kind: Config
clusters:
- name: cloudops-test
  cluster: { server: "${server}", certificate-authority-data: "${caData}" }
users:
- name: ${user}
  user: { token: "${token}" }
contexts:
- name: ${context}
  context: { cluster: cloudops-test, user: ${user} }
current-context: ${context}
`
}

/** A raw API call as admin (seeding, readiness); tests of the product use @kubernetes/client-node. */
export function kubeApi(
  kube: Pick<Kube, 'server' | 'ca' | 'adminToken'>,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, kube.server)
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: kube.ca,
        headers: {
          authorization: `Bearer ${kube.adminToken}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown = text
          try {
            parsed = JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

async function mustApi(kube: Kube, method: string, path: string, body?: unknown) {
  const r = await kubeApi(kube, method, path, body)
  if (r.status >= 300 && r.status !== 409) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`)
  return r.body
}

export async function startKube(): Promise<Kube> {
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-kube-'))
  makeCerts(dir)
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()]
  const etcdLog = join(dir, 'etcd.log')
  const etcd = startProcess(
    serverBinary('etcd'),
    [
      '--name=default',
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    etcdLog,
  )
  const processes: ServerProcess[] = [etcd]
  const stopAll = async () => {
    for (const p of processes.reverse()) await p.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitUntil(
      'etcd',
      async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok,
      etcd,
      etcdLog,
      30_000,
    )

    const adminToken = `admin-${Math.random().toString(36).slice(2)}`
    const viewerToken = `viewer-${Math.random().toString(36).slice(2)}`
    writeFileSync(join(dir, 'tokens.csv'), `${adminToken},admin,1,"system:masters"\n${viewerToken},viewer,2,""\n`)
    const apiLog = join(dir, 'kube-apiserver.log')
    const api = startProcess(
      serverBinary('kube-apiserver'),
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--tls-cert-file=${join(dir, 'server.crt')}`,
        `--tls-private-key-file=${join(dir, 'server.key')}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/24',
        '--disable-admission-plugins=ServiceAccount',
        '--endpoint-reconciler-type=none',
        '--enable-priority-and-fairness=false',
        `--cert-dir=${join(dir, 'certs')}`,
        '--v=1',
      ],
      apiLog,
    )
    processes.push(api)
    const server = `https://127.0.0.1:${apiPort}`
    const ca = readFileSync(join(dir, 'ca.crt'), 'utf8')
    const kube: Kube = {
      server,
      ca,
      adminToken,
      dir,
      kubeconfig: join(dir, 'admin.kubeconfig'),
      restrictedKubeconfig: join(dir, 'viewer.kubeconfig'),
      stop: stopAll,
    }
    await waitUntil(
      'kube-apiserver',
      async () => (await kubeApi(kube, 'GET', '/readyz')).status === 200,
      api,
      apiLog,
      120_000,
    )

    writeFileSync(kube.kubeconfig, kubeconfig(server, ca, 'admin', adminToken, 'cloudops-test'), { mode: 0o600 })
    writeFileSync(kube.restrictedKubeconfig, kubeconfig(server, ca, 'viewer', viewerToken, 'cloudops-test-viewer'), {
      mode: 0o600,
    })
    // The viewer may read workloads in one namespace and nothing cluster-wide. (The built-in "view" role is
    // aggregated by a controller this server does not run, so the rules are spelled out.)
    const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${viewerNamespace}`
    await mustApi(kube, 'POST', '/api/v1/namespaces', { metadata: { name: viewerNamespace } })
    await mustApi(kube, 'POST', `${rbac}/roles`, {
      metadata: { name: 'viewer' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
      ],
    })
    await mustApi(kube, 'POST', `${rbac}/rolebindings`, {
      metadata: { name: 'viewer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'viewer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'viewer' }],
    })
    return kube
  } catch (err) {
    await stopAll()
    throw err
  }
}
