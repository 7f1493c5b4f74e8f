// Plans: what the planner produces, what `plan --out` saves and `apply` verifies. Shape fixed by CONTRACTS.md.
import type { Risk } from '../actions/types.js'
import type { CloudProvider, Intent } from '../intent/types.js'
import type { Decision } from '../policy/types.js'

export interface PlanEnvironment {
  name: string
  /** false for a named environment that is not configured: it plans, but cannot execute (exit 2). */
  resolved: boolean
  aws?: { profile?: string; regions: string[] }
  kubernetes?: { context?: string; namespace?: string }
  /** What --context, -n/--namespace, --profile and --region changed for this run only (already applied above). */
  overrides?: TargetOverrides
}

/** One run's own target, over what the environment says: kubectl's and aws's habits. */
export interface TargetOverrides {
  context?: string
  namespace?: string
  profile?: string
  regions?: string[]
}

export interface PlanStep {
  /** Unique in the plan: the playbook step id, with "@<region>" when expanded by foreach: region. */
  id: string
  provider: CloudProvider
  action: string
  /** From the action catalogue, never from a playbook, a plan file or the LLM. */
  risk: Risk
  /** Concrete values, bound at plan time. */
  params: Record<string, unknown>
  optional: boolean
  region?: string
  /** Plan step ids whose outputs this step consumes (it runs after them). */
  inputs?: string[]
  /** In a fleet plan: the id of the target (see Plan.targets) this step reaches. */
  target?: string
}

export interface PlanAnalysis {
  analyzer: string
  /** Analyzer input name → plan step ids (all expansions of a playbook step). */
  inputs: Record<string, string[]>
  with: Record<string, unknown>
  /** In a fleet plan: the target whose steps it reads. */
  target?: string
}

/**
 * One place a fleet run reaches: an environment × an AWS account (× a region, when every AWS step fans out by
 * region) × a kube context. Its `environment` is what a single-environment plan would hold for it.
 */
export interface PlanTarget {
  /** Unique in the plan, for people: env, then account, context and region where the fleet has several. */
  id: string
  env: string
  /** The AWS profile ("default": the default credential chain), when the playbook reaches AWS. */
  account?: string
  region?: string
  context?: string
  environment: PlanEnvironment
}

export interface Plan {
  format_version: 1
  plan_id: string
  created_at: string
  expires_at: string
  tool_version: string
  /** null when planned from --playbook without any LLM. */
  intent: Intent | null
  /** The redacted question, or null. */
  question: string | null
  playbook: { name: string; version: string; sha256: string }
  /** A fleet plan's name is what --env said (prod,staging; all; a group); resolved when every target is. */
  environment: PlanEnvironment
  /** Only in a fleet plan: every target, in order; each step and analysis names one. */
  targets?: PlanTarget[]
  steps: PlanStep[]
  analyze: PlanAnalysis[]
  policy: { source: string; sha256: string; decisions: Decision[] }
  content_sha256: string
  signature?: { alg: 'ed25519'; key_id: string; value: string }
  hash: string
}
