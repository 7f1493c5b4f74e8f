// `npm run sandbox`: real moto + kube-apiserver with a small demo estate, so a new user can try real
// investigations without a cloud account or a cluster. The npm script builds the servers first when they are
// missing (scripts/servers/ensure.sh). Ctrl-C stops both and leaves nothing running.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { seedDemoEstate } from '../test/support/servers/demo-estate.js'
import { startKube } from '../test/support/servers/kube.js'
import { startMoto } from '../test/support/servers/moto.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true' // Node 20 is supported on purpose

let servers: [Awaited<ReturnType<typeof startMoto>>, Awaited<ReturnType<typeof startKube>>]
try {
  servers = await Promise.all([startMoto(), startKube()])
  await seedDemoEstate({ motoEndpoint: servers[0].endpoint, kube: servers[1] })
} catch (err) {
  process.stderr.write(`sandbox: could not start: ${(err as Error).message.split('\n')[0]}\n`)
  process.stderr.write('sandbox: run `npm run sandbox` again (it builds the servers first), or see scripts/servers/.\n')
  process.exit(1)
}
const [moto, kube] = servers

const envFile = join(kube.dir, 'sandbox.env')
writeFileSync(
  envFile,
  [
    `export AWS_ENDPOINT_URL=${moto.endpoint}`,
    'export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true',
    `export KUBECONFIG=${kube.kubeconfig}`,
    '',
  ].join('\n'),
)

process.stdout.write(`cloudops sandbox is running: moto ${moto.endpoint}, kube-apiserver ${kube.server} (Ctrl-C to stop).

# In another shell, in this directory:
source ${envFile}
npx cloudops config set environments.sandbox.aws.regions '[us-east-1, eu-west-1]'
npx cloudops config set environments.sandbox.kubernetes.context cloudops-test
npx cloudops doctor
npx cloudops run aws-security-group-exposure --env sandbox
npx cloudops ask "crashlooping pods in sandbox"
npx cloudops ask "what is wrong in sandbox?"
npx cloudops ask "what's wrong with checkout-7d9f in shop in sandbox?"
npx cloudops run aws-cost-breakdown --env sandbox
npx cloudops config set environments.mirror.kubernetes.context cloudops-test
npx cloudops ask "which clusters have crashlooping pods?"
`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  // The terminal may be gone already (SIGHUP): saying so must not stop the servers being stopped.
  process.stdout.on('error', () => {})
  process.stdout.write('\nstopping…\n')
  await Promise.all([moto.stop(), kube.stop()])
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
// Closing the terminal window the sandbox runs in stops it too, instead of leaving the servers running.
process.on('SIGHUP', stop)
await new Promise(() => {})
