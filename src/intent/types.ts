// The intent of CONTRACTS.md: the only thing the LLM (or the offline parser) produces. Data, never code.
export const intentTypes = ['investigate', 'audit', 'cost_analysis', 'list', 'unsupported'] as const
export type IntentType = (typeof intentTypes)[number]

export const resourceTypes = [
  'kubernetes_cluster',
  'kubernetes_node',
  'kubernetes_pod',
  'kubernetes_deployment',
  'aws_ec2_instance',
  'aws_security_group',
  'aws_ebs_volume',
  'aws_s3_bucket',
  'aws_account_cost',
] as const
export type ResourceType = (typeof resourceTypes)[number]

export type CloudProvider = 'aws' | 'kubernetes'

/** The kinds of one named object a question can be about ("the payment-api deployment", "sg-0abc…"). */
const kubernetesKinds = [
  'pod',
  'deployment',
  'statefulset',
  'daemonset',
  'job',
  'cronjob',
  'service',
  'pvc',
  'node',
] as const
const awsKinds = ['instance', 'security_group', 'volume'] as const
export type ObjectKind = (typeof kubernetesKinds)[number] | (typeof awsKinds)[number]
export const objectKinds: readonly ObjectKind[] = [...kubernetesKinds, ...awsKinds]

export function providerOfKind(kind: ObjectKind): CloudProvider {
  return (awsKinds as readonly string[]).includes(kind) ? 'aws' : 'kubernetes'
}

export interface IntentTarget {
  provider: CloudProvider
  resource_type: ResourceType
  /** prod | staging | dev | a configured environment | default */
  scope: string
  namespace?: string
  region?: string
  /** The one object the question is about, as written (payment-api, i-0abc…). */
  name?: string
  /** Its kind, where the question says it. */
  kind?: ObjectKind
  filters?: Record<string, string>
}

export interface Intent {
  intent_type: IntentType
  /** Absent only when intent_type is "unsupported". */
  target?: IntentTarget
  goal?: string
  time_range?: { last?: string }
  confidence: number
  clarification?: string
  reason?: string
}

/** An intent the gate accepted: never unsupported, always targeted. */
export type AcceptedIntent = Intent & {
  intent_type: Exclude<IntentType, 'unsupported'>
  target: IntentTarget
  goal: string
}
