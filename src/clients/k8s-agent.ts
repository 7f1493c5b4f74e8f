// Connections to Kubernetes API servers, kept open and reused: client-node makes a new agent for every request, so
// every request (every page of a list) opened its own TCP connection and did its own TLS handshake, and a fleet of 8
// targets made 26 connections (bench/RESULTS.md). Here requests whose agents would be made with the same options (CA,
// client certificate, server name, every TLS setting) share one keep-alive agent for the process; its idle sockets do
// not keep the process alive (Node unrefs them).
import type { Agent as HttpAgent } from 'node:http'
import type { AgentOptions } from 'node:https'

const agents = new Map<string, HttpAgent>()

/** The shared keep-alive agent in place of one client-node made; any other (a proxy's) is returned as it is. */
export function sharedAgent<T>(made: T): T {
  const http = process.getBuiltinModule('node:http')
  const https = process.getBuiltinModule('node:https')
  const kind = made instanceof Object ? made.constructor : undefined
  if (kind !== http.Agent && kind !== https.Agent) return made
  const options = (made as unknown as { options: AgentOptions }).options
  // Every option set, in a fixed order: requests that differ in any of them get agents of their own.
  const set = Object.entries(options).filter(([, v]) => v !== undefined)
  const key = JSON.stringify([
    kind === https.Agent,
    ...set.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, textOf(v)]),
  ])
  let agent = agents.get(key)
  if (!agent) {
    agent =
      kind === https.Agent ? new https.Agent({ ...options, keepAlive: true }) : new http.Agent({ keepAlive: true })
    agents.set(key, agent)
  }
  return agent as T
}

/** A PEM or DER (string or bytes), a list of them, or a flag, to compare: bytes never equal a string. */
function textOf(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { bytes: value.toString('base64') }
  if (Array.isArray(value)) return value.map(textOf)
  return value
}
