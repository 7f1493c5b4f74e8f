// Integration tests share one moto and one kube-apiserver, started once for the run and stopped after it.
import type { TestProject } from 'vitest/node'
import { startKube } from './support/servers/kube.js'
import { startMoto } from './support/servers/moto.js'

declare module 'vitest' {
  export interface ProvidedContext {
    moto: { endpoint: string }
    kube: { server: string; kubeconfig: string; restrictedKubeconfig: string; adminToken: string; ca: string }
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now()
  const [moto, kube] = await Promise.all([startMoto(), startKube()])
  process.stderr.write(
    `test servers ready in ${Date.now() - started} ms (moto ${moto.endpoint}, kube ${kube.server})\n`,
  )
  project.provide('moto', { endpoint: moto.endpoint })
  project.provide('kube', {
    server: kube.server,
    kubeconfig: kube.kubeconfig,
    restrictedKubeconfig: kube.restrictedKubeconfig,
    adminToken: kube.adminToken,
    ca: kube.ca,
  })
  return async () => {
    await Promise.all([moto.stop(), kube.stop()])
  }
}
