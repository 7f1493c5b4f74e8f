// The port every stage writes audit records through; the hash-chained file writer implements it. A failed append
// throws: nothing runs without its record (fail closed).
export type AuditKind =
  | 'run_started'
  | 'intent_parsed'
  | 'intent_rejected'
  | 'llm_call'
  | 'plan_created'
  | 'policy_decided'
  | 'approval'
  | 'step_started'
  | 'step_finished'
  | 'run_finished'
  | 'command_failed'
  | 'log_rotated'
  | 'checkpoint'
  | 'log_repaired'
  | 'policy_published'
  | 'policy_pulled'

export interface AuditActor {
  user: string
  host: string
  tool_version: string
  /** The AWS caller (STS GetCallerIdentity), once the run knows it. */
  aws_arn?: string
  /** The Kubernetes user (SelfSubjectReview) and the context it is for, once the run knows them. */
  kube_user?: string
  kube_context?: string
}

/** What a run can learn about its actor while it runs. */
export type LearnedActor = Partial<Pick<AuditActor, 'aws_arn' | 'kube_user' | 'kube_context'>>

// What each run has learned, by run id. It belongs to the run, not to a sink object: the writer reads it at every
// append, so a command's wrapper around its sink passes it on without knowing about it.
const learned = new Map<string, LearnedActor>()

/** Adds what a run learned (aws_arn, kube_user) to the actor of that run's records appended from now on. */
export function learnActor(runId: string, fields: LearnedActor): void {
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string' && v !== ''))
  learned.set(runId, { ...learned.get(runId), ...set })
}

export function learnedActor(runId: string): LearnedActor | undefined {
  return learned.get(runId)
}

export interface AuditEvent {
  run_id: string
  kind: AuditKind
  /** Counts, ids, hashes and redacted text only: never a key, token or raw cloud payload. */
  data: Record<string, unknown>
  actor?: Partial<AuditActor>
}

export interface AuditSink {
  append(event: AuditEvent): Promise<void>
  /** Ends a run's records: a signed checkpoint (the head anchor follows every append). */
  close(): Promise<void>
}
