// An isolated home for benchmark runs: its own XDG directories and a config whose "bench" environment points at
// the servers the benchmark starts. Nothing from the host's cloudops setup is read.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const binPath = new URL('../bin/run.cjs', import.meta.url).pathname

export interface BenchEnv {
  home: string
  vars: Record<string, string>
}

export function benchEnv(extra: Record<string, string> = {}): BenchEnv {
  const home = mkdtempSync(join(tmpdir(), 'cloudops-bench-home-'))
  const vars: Record<string, string> = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
    NO_COLOR: '1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Node 20 reads this file of CA certificates at every start (~30 ms here), before any of cloudops runs: a machine's
    // setting that would hide what cloudops costs. Everything measured talks plain HTTP to 127.0.0.1.
    NODE_EXTRA_CA_CERTS: '',
    ...extra,
  }
  mkdirSync(join(home, 'config', 'cloudops'), { recursive: true })
  writeFileSync(
    join(home, 'config', 'cloudops', 'config.yaml'),
    'environments:\n  bench:\n    aws: { regions: [us-east-1] }\n    kubernetes: { context: cloudops-test }\n',
  )
  return { home, vars }
}
