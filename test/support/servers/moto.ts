// moto: a real AWS API server (from PyPI), on a free 127.0.0.1 port.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serverBinary } from './paths.js'
import { freePort, startProcess, waitUntil } from './process.js'

export interface Moto {
  endpoint: string
  logFile: string
  stop(): Promise<void>
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-moto-'))
  const logFile = join(dir, 'moto.log')
  const proc = startProcess(serverBinary('moto_server'), ['-H', '127.0.0.1', '-p', String(port)], logFile)
  const endpoint = `http://127.0.0.1:${port}`
  await waitUntil('moto', async () => (await fetch(`${endpoint}/moto-api/`)).ok, proc, logFile, 60_000)
  return {
    endpoint,
    logFile,
    async stop() {
      await proc.stop()
      rmSync(dir, { recursive: true, force: true }) // leave nothing behind
    },
  }
}

/** Forget every resource (between test files). */
export async function resetMoto(endpoint: string): Promise<void> {
  const r = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })
  if (!r.ok) throw new Error(`moto reset failed: ${r.status}`)
}

export interface CostResult {
  /** The GetCostAndUsage response body moto should return (ResultsByTime, ...), in AWS's JSON shape. */
  [key: string]: unknown
}

/** One service's cost in a GetCostAndUsage answer grouped by SERVICE. */
export const costGroup = (service: string, amount: string) => ({
  Keys: [service],
  Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } },
})

/** A GetCostAndUsage answer with these groups (the period's dates do not matter to the analyzer). */
export const costResult = (groups: object[]): CostResult => ({
  ResultsByTime: [
    { TimePeriod: { Start: '2026-11-15', End: '2026-11-22' }, Total: {}, Groups: groups, Estimated: false },
  ],
})

/** Queue Cost Explorer GetCostAndUsage responses: moto returns them in order, one per call. */
export async function seedCostExplorer(endpoint: string, results: CostResult[], accountId = '123456789012') {
  const r = await fetch(`${endpoint}/moto-api/static/ce/cost-and-usage-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ results, account_id: accountId }),
  })
  if (!r.ok) throw new Error(`moto CE seed failed: ${r.status} ${await r.text()}`)
}

/** The environment the AWS SDK needs to talk to moto and nothing else. */
export function motoEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  }
}
