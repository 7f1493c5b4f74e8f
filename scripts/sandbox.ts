// `npm run sandbox`: real moto + kube-apiserver with a small demo estate, so a new user can try real
// investigations without a cloud account or a cluster. Ctrl-C stops both and leaves nothing running.
import { seedDemoEstate } from '../test/support/servers/demo-estate.js'
import { startKube } from '../test/support/servers/kube.js'
import { startMoto } from '../test/support/servers/moto.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true' // Node 20 is supported on purpose

const moto = await startMoto()
const kube = await startKube()
await seedDemoEstate({ motoEndpoint: moto.endpoint, kube })

process.stdout.write(`cloudops sandbox is running (Ctrl-C to stop).

# In another shell:
export AWS_ENDPOINT_URL=${moto.endpoint}
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export KUBECONFIG=${kube.kubeconfig}

# and in $XDG_CONFIG_HOME/cloudops/config.yaml (or: cloudops config set environments.sandbox ...):
environments:
  sandbox:
    aws: { regions: [us-east-1, eu-west-1] }
    kubernetes: { context: cloudops-test }

# then, for example:
cloudops run aws-security-group-exposure --env sandbox
cloudops ask "crashlooping pods in sandbox" --provider offline
`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  process.stdout.write('\nstopping…\n')
  await Promise.all([moto.stop(), kube.stop()])
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
await new Promise(() => {})
