// `cloudops mcp` under the official SDK's client (Client + StdioClientTransport spawning the built CLI), against
// moto and the real kube-apiserver: what an agent sees, runs, is refused, and what the audit log says after.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { binPath } from '../support/cli.js'
import { pipelineSandbox } from '../support/pipeline.js'
import { resetMoto } from '../support/servers/moto.js'
import { createSecurityGroup, ec2, tcp } from '../support/servers/seed-aws.js'
import { createNamespace } from '../support/servers/seed-k8s.js'
import { seedTriageEstate } from '../support/servers/seed-triage.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())
const configDir = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops')
const ns = 'it-mcp'

type Result = {
  isError?: boolean
  content: { type: string; text: string }[]
  structuredContent?: Record<string, unknown> & {
    findings?: { id: string; severity: string }[]
    status?: string
    error?: { message: string; hint?: string }
  }
}

const clients: Client[] = []
async function connect(env: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'cloudops-test-agent', version: '9.9.9' })
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [binPath, 'mcp'],
      env: { ...sb.env, ...env },
      stderr: 'pipe',
    }),
  )
  clients.push(client)
  return client
}
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close()
})
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as Result
const text = (r: Result) => r.content.map((c) => c.text).join('\n')
/** The environments run_playbook's input schema lets an agent pick. */
const envsOf = (tools: { name: string; inputSchema: { properties?: Record<string, unknown> } }[]) =>
  (tools.find((t) => t.name === 'run_playbook')?.inputSchema.properties?.env as { enum?: string[] } | undefined)?.enum

function writePolicy(rules: object[]) {
  const rulesYaml = rules.map((r) => `  - ${JSON.stringify(r)}`).join('\n')
  writeFileSync(join(configDir, 'policy.yaml'), `version: 1\nread_only: true\ndefault: deny\nrules:\n${rulesYaml}\n`)
}
const reads = { id: 'reads-allowed', effect: 'allow', match: { risk: ['read'] } }

beforeAll(async () => {
  await resetMoto(moto.endpoint)
  await createSecurityGroup(ec2(moto.endpoint, 'us-east-1'), 'bastion-ssh', [tcp(22, '0.0.0.0/0')])
  await createNamespace(kube, ns)
  await seedTriageEstate(kube, ns)
  mkdirSync(configDir, { recursive: true })
  expect(sb.run(['config', 'set', 'mcp.environments', '[default, dev]']).code).toBe(0)
})

describe('cloudops mcp', () => {
  it('lists six tools, run_playbook with each playbook by name and its params typed', async () => {
    writePolicy([reads])
    const { tools } = await (await connect()).listTools()
    expect(tools.map((t) => t.name)).toEqual([
      'list_playbooks',
      'describe_playbook',
      'plan',
      'run_playbook',
      'ask',
      'audit_recent',
    ])
    const run = tools.find((t) => t.name === 'run_playbook')
    const schema = run?.inputSchema as unknown as {
      properties: { name: { enum: string[] }; env: { enum: string[] } }
      allOf: {
        if: { properties: { name: { const: string } } }
        then: { properties: { params: { properties: Record<string, { type: string }> } } }
      }[]
    }
    expect(schema.properties.name.enum).toContain('k8s-cluster-triage')
    expect(schema.properties.env.enum).toEqual(['default', 'dev'])
    const crash = schema.allOf.find((c) => c.if.properties.name.const === 'k8s-crashloop-pods')
    expect(crash?.then.properties.params.properties.restart_threshold?.type).toBe('integer')
    expect(run?.description).toContain('aws-security-group-exposure: Security group ingress open')
  })

  it('runs a playbook and gives its findings as structured content, with a short summary', async () => {
    writePolicy([reads])
    const r = await call(await connect(), 'run_playbook', { name: 'aws-security-group-exposure', env: 'dev' })
    expect(r.isError, text(r)).toBeFalsy()
    expect(r.structuredContent?.status).toBe('succeeded')
    expect(r.structuredContent?.findings?.some((f) => f.severity === 'high' || f.severity === 'critical')).toBe(true)
    expect(text(r)).toMatch(/^aws-security-group-exposure on dev: succeeded, \d+ finding/)
    expect(text(r)).toMatch(/bastion-ssh|port 22/)
  })

  it('refuses a step that needs approval, naming the rule: nothing is approved for an agent', async () => {
    writePolicy([
      reads,
      { id: 'ask-before-sg', effect: 'require_approval', match: { action: ['aws.ec2.describe_security_groups'] } },
    ])
    const r = await call(await connect(), 'run_playbook', { name: 'aws-security-group-exposure', env: 'dev' })
    expect(r.isError).toBe(true)
    expect(text(r)).toContain('need approval and none was given: groups@us-east-1 (rule ask-before-sg)')
    expect(text(r)).toContain('a person can run it from the CLI')
    expect(text(r)).not.toContain('--yes')
  })

  it('a deny with via: mcp refuses the agent, while the same run from the CLI is allowed', async () => {
    writePolicy([
      reads,
      {
        id: 'no-agents-on-k8s',
        effect: 'deny',
        match: { via: ['mcp'], provider: ['kubernetes'] },
        reason: 'agents stay off the cluster',
      },
    ])
    const r = await call(await connect(), 'run_playbook', {
      name: 'k8s-crashloop-pods',
      env: 'dev',
      params: { namespace: ns },
    })
    expect(r.isError).toBe(true)
    expect(text(r)).toContain('no-agents-on-k8s')
    const cli = sb.run(['run', 'k8s-crashloop-pods', '--env', 'dev', '--param', `namespace=${ns}`])
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stdout).toContain(`${ns}/typo-image`)
  })

  it('an environment outside mcp.environments is a tool error naming the setting', async () => {
    writePolicy([reads])
    const r = await call(await connect(), 'run_playbook', { name: 'k8s-crashloop-pods', env: 'viewer' })
    expect(r.isError).toBe(true)
    expect(text(r)).toContain('environment "viewer" is not reachable through MCP (mcp.environments: default, dev)')
    expect(text(r)).toContain("cloudops config set mcp.environments '[default, dev, viewer]'")
  })

  it('bad params get the one-line message and hint the CLI gives; the server lives on', async () => {
    writePolicy([reads])
    const client = await connect()
    const r = await call(client, 'run_playbook', {
      name: 'k8s-crashloop-pods',
      env: 'dev',
      params: { restart_threshold: 0 },
    })
    expect(r.isError).toBe(true)
    const cli = sb.run(['run', 'k8s-crashloop-pods', '--env', 'dev', '--param', 'restart_threshold=0'])
    expect(cli.code).toBe(2)
    expect(cli.stderr).toContain(`Error: ${text(r)}`)
    const unknown = await call(client, 'no_such_tool')
    expect(unknown.isError).toBe(true)
    expect(text(unknown)).toBe(
      'no tool "no_such_tool" — The tools: list_playbooks, describe_playbook, plan, run_playbook, ask, audit_recent.',
    )
    const runs = JSON.parse(sb.run(['audit', 'list', '--json']).stdout) as { command: string; status: string }[]
    expect(runs.find((r) => r.command === 'mcp no_such_tool')?.status).toBe('failed')
    await expect(client.request({ method: 'tools/call', params: { name: 42 } } as never, {} as never)).rejects.toThrow()
    expect((await call(client, 'list_playbooks')).isError).toBeFalsy()
  })

  it('a cluster that cannot be reached fails that call alone, as a tool error saying why; the next call works', async () => {
    writePolicy([reads])
    // A context whose API server is a closed port: every request is refused.
    const kubeconfig = parse(readFileSync(sb.env.KUBECONFIG as string, 'utf8'))
    const cluster = {
      ...kubeconfig.clusters[0],
      name: 'gone',
      cluster: { ...kubeconfig.clusters[0].cluster, server: 'https://127.0.0.1:9' },
    }
    const context = { name: 'cloudops-gone', context: { ...kubeconfig.contexts[0].context, cluster: 'gone' } }
    const gone = join(sb.home, 'gone.kubeconfig')
    writeFileSync(
      gone,
      stringify({
        ...kubeconfig,
        clusters: [...kubeconfig.clusters, cluster],
        contexts: [...kubeconfig.contexts, context],
      }),
    )
    expect(sb.run(['config', 'set', 'environments.gone.kubernetes.context', 'cloudops-gone']).code).toBe(0)
    expect(sb.run(['config', 'set', 'mcp.environments', '[default, dev, gone]']).code).toBe(0)
    const client = await connect({ KUBECONFIG: gone })
    const r = await call(client, 'run_playbook', { name: 'k8s-crashloop-pods', env: 'gone' })
    expect(r.isError).toBe(true)
    expect(text(r)).toMatch(/^k8s-crashloop-pods on gone: failed, 1 finding\(s\) \(1 info\)/)
    expect(text(r)).toMatch(/step pods failed: .*(ECONNREFUSED|connect|refused)/i)
    const next = await call(client, 'run_playbook', { name: 'k8s-pending-pods', env: 'dev', params: { namespace: ns } })
    expect(next.structuredContent?.status, text(next)).toBe('succeeded')
    expect(sb.run(['config', 'set', 'mcp.environments', '[default, dev]']).code).toBe(0)
  })

  it('a triage of the namespace over MCP: the ranked report an agent gets', async () => {
    writePolicy([reads])
    const r = await call(await connect(), 'ask', { question: `what is wrong in dev in the ${ns} namespace?` })
    expect(r.isError, text(r)).toBeFalsy()
    expect(r.structuredContent?.findings?.map((f) => f.id)).toContain(`k8s-service-endpoints:${ns}/checkout`)
  })

  it('20 calls one after another and 5 at once on one server, each an audited run via mcp, the chain valid', async () => {
    writePolicy([reads])
    const client = await connect()
    const before = JSON.parse(sb.run(['audit', 'list', '--limit', '1000', '--json']).stdout).length
    for (let i = 0; i < 20; i++) {
      const r = await call(client, i % 2 ? 'list_playbooks' : 'plan', { name: 'k8s-pending-pods', env: 'dev' })
      expect(r.isError, text(r)).toBeFalsy()
    }
    const together = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(client, 'run_playbook', { name: 'k8s-pending-pods', env: 'dev', params: { namespace: ns } }),
      ),
    )
    for (const r of together) expect(r.structuredContent?.status, text(r)).toBe('succeeded')
    const verify = sb.run(['audit', 'verify', '--json'])
    expect(verify.code, verify.stdout).toBe(0)
    const runs = JSON.parse(sb.run(['audit', 'list', '--limit', '1000', '--json']).stdout)
    expect(runs.length - before).toBe(25)
    const last = JSON.parse(sb.run(['audit', 'show', runs[0].run_id, '--json']).stdout) as {
      kind: string
      data: object
    }[]
    const started = last.find((x) => x.kind === 'run_started')
    expect(started?.data).toMatchObject({ via: 'mcp', client: { name: 'cloudops-test-agent', version: '9.9.9' } })
  })

  it("with a bad config.yaml it still starts and lists its tools: each call is a tool error with the CLI's line, and the fix is picked up", async () => {
    const badDir = join(sb.home, 'bad-config')
    mkdirSync(join(badDir, 'cloudops'), { recursive: true })
    const configFile = join(badDir, 'cloudops', 'config.yaml')
    writeFileSync(configFile, 'environmentz:\n  dev: {}\n')
    const env = { ...sb.env, XDG_CONFIG_HOME: badDir }
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [binPath, 'mcp'],
      env,
      stderr: 'pipe',
    })
    let stderr = ''
    transport.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString()
    })
    const client = new Client({ name: 'cloudops-test-agent', version: '9.9.9' })
    let listChanged = 0
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      listChanged++
    })
    await client.connect(transport)
    clients.push(client)
    // Listed all the same (a client without a list shows the server as broken until restarted): default only.
    const listed = await client.listTools()
    expect(listed.tools.map((t) => t.name)).toContain('run_playbook')
    expect(envsOf(listed.tools)).toEqual(['default'])
    const r = await call(client, 'list_playbooks')
    expect(r.isError).toBe(true)
    const cli = sb.run(['config', 'show'], { env: { XDG_CONFIG_HOME: badDir } })
    expect(cli.code).toBe(2)
    expect(cli.stderr).toContain(`Error: ${text(r)}`)
    expect(text(r)).toContain('unknown key "environmentz"')
    // Said once where a person reads the server's log, too (its stderr, which may arrive after the answer).
    for (let i = 0; i < 100 && !stderr.includes(text(r)); i++) await new Promise((done) => setTimeout(done, 20))
    expect(stderr).toContain(`Error: ${text(r)}`)
    expect(listChanged).toBe(0)
    writeFileSync(configFile, 'environments:\n  dev: {}\nmcp:\n  environments: [default, dev]\n')
    const fixed = await call(client, 'list_playbooks')
    expect(fixed.isError, text(fixed)).toBeFalsy()
    expect(text(fixed)).toContain('aws-security-group-exposure (aws)')
    // The list it has names the defaults: it is told to list again, and then has the configured environments.
    for (let i = 0; i < 100 && listChanged === 0; i++) await new Promise((done) => setTimeout(done, 20))
    expect(listChanged).toBe(1)
    expect(envsOf((await client.listTools()).tools)).toEqual(['default', 'dev'])
    await call(client, 'list_playbooks')
    expect(listChanged).toBe(1)
  })

  it('started through oclif (no fast path) it is the same server: the same tools, a run that works', async () => {
    writePolicy([reads])
    const client = await connect({ CLOUDOPS_NO_FAST_PATH: '1' })
    const { tools } = await client.listTools()
    const fast = await (await connect()).listTools()
    expect(tools).toEqual(fast.tools)
    const r = await call(client, 'run_playbook', { name: 'aws-security-group-exposure', env: 'dev' })
    expect(r.structuredContent?.status, text(r)).toBe('succeeded')
  })

  it('killed in the middle of a call, it leaves a log that verifies', async () => {
    writePolicy([reads])
    const log = join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
    const runsBegun = () => (existsSync(log) ? readFileSync(log, 'utf8').split('"mcp run_playbook"').length : 0)
    const before = runsBegun()
    const begun = () => runsBegun() > before
    const server = spawn(process.execPath, [binPath, 'mcp'], { env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] })
    const send = (m: object) => server.stdin.write(`${JSON.stringify(m)}\n`)
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    })
    send({ jsonrpc: '2.0', method: 'notifications/initialized' })
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'run_playbook', arguments: { name: 'k8s-cluster-triage', env: 'dev' } },
    })
    // Killed once the call's run has begun in the log, before it ends.

    for (let i = 0; i < 100 && !begun(); i++) await new Promise((r) => setTimeout(r, 20))
    expect(begun()).toBe(true)
    const closed = new Promise((r) => server.on('close', r))
    server.kill('SIGKILL')
    await closed
    const verify = sb.run(['audit', 'verify'])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    const runs = JSON.parse(sb.run(['audit', 'list', '--json']).stdout) as { command: string; status: string }[]
    expect(runs.find((r) => r.command === 'mcp run_playbook')?.status).toBe('running')
  })
})
