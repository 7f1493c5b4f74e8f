// One keep-alive agent per TLS identity, in place of the agent client-node makes for every request; a proxy's agent
// is left as it is.
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { describe, expect, it } from 'vitest'
import { sharedAgent } from '../../src/clients/k8s-agent.js'

const tls = { ca: 'CA-PEM', cert: 'CERT-PEM', key: 'KEY-PEM', rejectUnauthorized: true }

describe('the shared agent', () => {
  it('is one keep-alive agent for every request made with the same TLS options', () => {
    const a = sharedAgent(new HttpsAgent({ ...tls }))
    const b = sharedAgent(new HttpsAgent({ ...tls, servername: undefined }))
    expect(a).toBeInstanceOf(HttpsAgent)
    expect(a).toBe(b)
    expect((a as unknown as { keepAlive: boolean }).keepAlive).toBe(true)
    expect(a.options).toMatchObject(tls)
  })

  it('is another agent for another client certificate, CA, server name or TLS check', () => {
    const base = sharedAgent(new HttpsAgent({ ...tls }))
    for (const other of [
      { cert: 'OTHER' },
      { ca: 'OTHER' },
      { servername: 'api.internal' },
      { rejectUnauthorized: false },
    ]) {
      expect(sharedAgent(new HttpsAgent({ ...tls, ...other }))).not.toBe(base)
    }
    expect(sharedAgent(new HttpAgent())).not.toBe(base)
    expect(sharedAgent(new HttpAgent())).toBe(sharedAgent(new HttpAgent()))
  })

  it("leaves any other agent as it is (a proxy's), and no agent", () => {
    class ProxyAgent extends HttpsAgent {}
    const proxy = new ProxyAgent({ ...tls })
    expect(sharedAgent(proxy)).toBe(proxy)
    expect(sharedAgent(undefined)).toBeUndefined()
  })
})
