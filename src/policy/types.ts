// The policy file of CONTRACTS.md and the decisions it yields. Deny wins, whatever the order of the rules.
import type { Risk } from '../actions/types.js'

export type Effect = 'allow' | 'require_approval' | 'deny'

/** Who asked for a run: a person or script at the command line, or an AI agent through the MCP server. */
export type Via = 'cli' | 'mcp'

interface PolicyMatch {
  via?: Via[]
  env?: string[]
  provider?: string[]
  action?: string[]
  risk?: Risk[]
  resource?: string[]
}

export interface PolicyRule {
  id: string
  effect: Effect
  match: PolicyMatch
  reason?: string
}

export interface Policy {
  version: 1
  read_only: boolean
  default: Effect
  rules: PolicyRule[]
}

export interface LoadedPolicy {
  policy: Policy
  /** The file it came from, or "built-in". */
  source: string
  /** sha256 of the file's bytes (or of the built-in policy's canonical JSON; or of both files' hashes). */
  sha256: string
  /** Lines for stderr: a policy named by flag or variable, a project's restrictions added. */
  notices?: string[]
}

export interface Decision {
  step: string
  effect: Effect
  /** Ids of the rules that produced the effect ("read_only" and "default" are pseudo-rules). */
  rules: string[]
  reason: string
}
