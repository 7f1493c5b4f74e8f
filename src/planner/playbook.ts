// A playbook as written in YAML (schemas/playbook.schema.json): data that names actions and analyzers.
import type { CloudProvider, IntentType, ResourceType } from '../intent/types.js'

type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'string_list' | 'integer_list'
type ParamSource =
  | 'intent.target.namespace'
  | 'intent.target.region'
  | 'intent.target.name'
  | 'intent.target.kind'
  | 'intent.time_range.days'
  | 'intent.time_range.hours'

export interface PlaybookParam {
  type: ParamType
  description: string
  default?: unknown
  from?: ParamSource
  /** Without a value from --param or the intent, the plan is refused. */
  required?: boolean
  minimum?: number
  maximum?: number
  pattern?: string
}

export interface PlaybookStep {
  id: string
  action: string
  description?: string
  params?: Record<string, unknown>
  foreach?: 'region'
  region?: string
  inputs?: string[]
  optional?: boolean
}

export interface PlaybookAnalysis {
  analyzer: string
  inputs: Record<string, string>
  with?: Record<string, unknown>
}

export interface Playbook {
  apiVersion: 'cloudops/v1'
  kind: 'Playbook'
  metadata: { name: string; version: string; description: string; provider: CloudProvider }
  overrides?: boolean
  match: {
    intent_types: Exclude<IntentType, 'unsupported'>[]
    resource_types: ResourceType[]
    goals?: string[]
    keywords?: string[]
    /** Serves only questions that name one object (the intent's target.name); the others never do. */
    named_object?: boolean
  }
  params?: Record<string, PlaybookParam>
  steps: PlaybookStep[]
  analyze: PlaybookAnalysis[]
}

export interface LoadedPlaybook {
  playbook: Playbook
  file: string
  /** sha256 of the file's bytes: a saved plan records it, and apply refuses when it changed. */
  sha256: string
  origin: 'shipped' | 'user'
}
