// The CLI runs from one bundle (scripts/bundle.js). What the start-up guard can see depends on it: an SDK bundled
// into cli.cjs would load without any module resolution for the guard to report, so none may be in it.

import { isAscii } from 'node:buffer'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain JS build script, no types
import { commandFiles, importedNames } from '../scripts/bundle.js'
import { cliSandbox } from './support/cli.js'

interface Metafile {
  inputs: Record<string, unknown>
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>
}

const meta = JSON.parse(readFileSync(new URL('../dist/bundle-meta.json', import.meta.url), 'utf8')) as Metafile
const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'))
const heavy =
  /node_modules\/(@aws-sdk|@smithy|@kubernetes|openai|@anthropic-ai|@modelcontextprotocol|@nats-io|yaml|ajv)\//
const sandbox = cliSandbox()
afterAll(() => sandbox.cleanup())
const cli = readFileSync(new URL('../dist/bundle/cli.cjs', import.meta.url), 'utf8')
const cliImports = meta.outputs['dist/bundle/cli.cjs']?.imports ?? []

/** Whether each require() of `path` in cli.cjs is what esbuild makes of an import() in src/: made when called. */
function loadedLazily(path: string): boolean {
  const all = cli.split(`require(${JSON.stringify(path)})`).length - 1
  const lazy = cli.split(`Promise.resolve().then(() => __toESM(require(${JSON.stringify(path)})`).length - 1
  return all > 0 && lazy === all
}

describe('the bundle', () => {
  it('is one file holding no heavy SDK, yaml or ajv: each is resolved at run time (yaml from a file of its own), where the guard sees it', () => {
    expect(Object.keys(meta.outputs).filter((f) => !f.endsWith('.map'))).toEqual(['dist/bundle/cli.cjs'])
    expect(Object.keys(meta.inputs).filter((f) => heavy.test(f))).toEqual([])
  })

  it('requires nothing at its top but Node built-ins: every package outside it is loaded on demand', () => {
    const top = [...cli.matchAll(/^(?:var|const|let) [\w$]+ = (?:__toESM\()?require\("([^"]+)"\)/gm)]
    expect(top.map((m) => m[1]).filter((path) => !isBuiltin(path as string))).toEqual([])
    expect(cli.startsWith('/* cloudops build ')).toBe(true)
    expect(loadedLazily('@anthropic-ai/sdk')).toBe(true)
    expect(loadedLazily('@nats-io/jetstream')).toBe(true)
  })

  it('is ASCII: one non-ASCII character (a comment, a regex) makes V8 hold all of it as two bytes a character', () => {
    expect(isAscii(Buffer.from(cli))).toBe(true)
    const at = cli.search(/[^\t\n\r -~]/) // where it is, in a failure
    expect(at === -1 ? '' : cli.slice(Math.max(0, at - 60), at + 20)).toBe('')
  })

  it('loads proper-lockfile (and signal-exit with it) only to wait for an audit lock another process holds', () => {
    const calls = cli.split('require_proper_lockfile()').length - 1
    expect(calls).toBeGreaterThan(0)
    expect(cli.split('Promise.resolve().then(() => __toESM(require_proper_lockfile()').length - 1).toBe(calls)
  })

  it('holds no oclif (its own file, imported only where src/ does) and no graceful-fs (the lock uses node:fs)', () => {
    const inputs = Object.keys(meta.inputs)
    expect(inputs.filter((f) => /node_modules\/(@oclif\/core|graceful-fs)\//.test(f))).toEqual([])
    expect(cliImports.filter((i) => i.path === './oclif.js').length).toBeGreaterThan(0)
    expect(loadedLazily('./oclif.js')).toBe(true)
    expect(inputs.some((f) => f.includes('node_modules/proper-lockfile/'))).toBe(true)
  })

  it('imports the MCP SDK only where src/ does, from the one file beside it that holds the SDK and zod but no ajv', () => {
    expect(cliImports.filter((i) => i.path === './mcp-sdk.js').length).toBeGreaterThan(0)
    expect(loadedLazily('./mcp-sdk.js')).toBe(true)
    const sdk = readFileSync(new URL('../dist/bundle/mcp-sdk.js', import.meta.url), 'utf8')
    expect(sdk).toMatch(/^\/\/ node_modules\/@modelcontextprotocol\/sdk\/dist\/esm\/server\/index\.js$/m)
    expect(sdk).toMatch(/^\/\/ node_modules\/zod\//m)
    expect(sdk).not.toMatch(/^\/\/ node_modules\/ajv/m)
  })

  it('serves cloudops mcp from a small file of what initialize needs: no oclif, no pipeline; the tools from cli.cjs', () => {
    const mcp = readFileSync(new URL('../dist/bundle/mcp.js', import.meta.url), 'utf8')
    const modules = [...mcp.matchAll(/^\/\/ (\S+)$/gm)].map((m) => m[1] as string)
    expect(modules).toContain('src/mcp/server.ts')
    expect(modules).toContain('src/mcp/main.ts')
    expect(
      modules.filter((m) => /@oclif|src\/(mcp\/(tools|handlers)|planner|engine|audit|services)\//.test(m)),
    ).toEqual([])
    expect([...mcp.matchAll(/import\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(
      expect.arrayContaining(['./mcp-sdk.js', './cli.cjs']),
    )
    expect(mcp.length).toBeLessThan(100_000)
  })

  it('imports the Kubernetes client only where src/ does, from the one file beside it that holds what src/ uses', async () => {
    expect(cliImports.filter((i) => i.path === './k8s-client.js')).toHaveLength(1)
    expect(loadedLazily('./k8s-client.js')).toBe(true)
    const { kubeClientExports } = await import('../src/clients/k8s.js')
    // @ts-expect-error the bundle is built JavaScript, without types
    const client = await import('../dist/bundle/k8s-client.js')
    expect(Object.keys(client).sort()).toEqual([...kubeClientExports].sort())
    expect(new client.KubeConfig()).toHaveProperty('loadFromFile')
    expect(typeof client.CoreV1Api).toBe('function')
  })

  it('answers a request through the bundled Kubernetes client and prints nothing else (no deprecated built-in)', () => {
    // A child Node, as a user's run is: Node warns once per process, and only about code outside node_modules.
    const script = `
      import { createServer } from 'node:http'
      const { KubeConfig, CoreV1Api } = await import(${JSON.stringify(new URL('../dist/bundle/k8s-client.js', import.meta.url).href)})
      const server = createServer((_, res) => {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'café' } }] }))
      })
      await new Promise((r) => server.listen(0, '127.0.0.1', r))
      const kc = new KubeConfig()
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: 'http://127.0.0.1:' + server.address().port, skipTLSVerify: true }],
        users: [{ name: 'u' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      })
      const list = await kc.makeApiClient(CoreV1Api).listNamespace()
      server.close()
      console.log(list.items.map((n) => n.metadata.name).join(','))
    `
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(child.stderr).toBe('')
    expect(child.stdout.trim()).toBe('café')
    expect(child.status).toBe(0)
  })

  it("requires Node's built-ins instead of importing them (an ES import reads every export, getters included)", () => {
    const beside = ['mcp.js', 'mcp-sdk.js', 'k8s-client.js'].map((f) =>
      readFileSync(new URL(`../dist/bundle/${f}`, import.meta.url), 'utf8'),
    )
    const esImports = (text: string) => [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1])
    // cli.cjs is CommonJS; the others require() with the banner's createRequire.
    expect([cli, ...beside].flatMap(esImports)).toEqual([])
    expect(cli).toMatch(/= require\("node:fs"\);$/m)
    // Only the names a file imports are read: a deprecated export (fs.F_OK on Node 24) is never touched.
    expect(cli).not.toMatch(/= m\d*\.F_OK;/)
  })

  it('knows which names a file imports from a built-in, and when it cannot (a namespace import)', () => {
    const text = [
      "import { readFileSync, type Stats, statSync as stat } from 'node:fs'",
      "import fs from 'node:fs'",
      "import type { Dirent } from 'node:fs'",
      "import os, { EOL } from 'node:os'",
      'import {\n  createHash,\n} from "node:crypto"',
    ].join('\n')
    expect(importedNames(text, 'node:fs')).toEqual(['default', 'readFileSync', 'statSync'])
    expect(importedNames(text, 'node:os')).toEqual(['EOL', 'default'])
    expect(importedNames(text, 'node:crypto')).toEqual(['createHash'])
    expect(importedNames(text, 'node:path')).toEqual([])
    expect(importedNames("import * as path from 'node:path'", 'node:path')).toBeUndefined()
  })

  it('holds every command under src/commands, under the id oclif gave it when it read the directory', () => {
    const ours = Object.entries(manifest.commands)
      .filter(([, c]) => (c as { pluginName: string }).pluginName === 'cloudops')
      .map(([id]) => id)
    expect(ours).toEqual(commandFiles().map((c: { id: string }) => c.id))
    expect(ours).toContain('audit:verify')
  })

  it('names src/ lines in a --verbose stack trace (its source maps)', () => {
    const r = sandbox.run(['no-such-command', '--verbose'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/src\/hooks\/not-found\.ts:\d+:\d+/)
  })
})
