// What the steps of one run share: the AWS clients and the kubeconfig, each made on first use, and the count of
// API requests for the report. The executor creates one per run and hands it to every step in its context; nothing
// here outlives the run. Type imports only: no SDK is loaded before a step needs it.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer'
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { S3Client } from '@aws-sdk/client-s3'
import type { STSClient } from '@aws-sdk/client-sts'
import type { KubeConfig } from '@kubernetes/client-node'

/** The AWS client each service's steps use. */
export interface AwsServiceClients {
  ec2: EC2Client
  cloudwatch: CloudWatchClient
  ce: CostExplorerClient
  sts: STSClient
  s3: S3Client
}
export type AwsService = keyof AwsServiceClients

/** Made clients, per service, by "region|profile". */
type AwsClientCache = { readonly [S in AwsService]: Map<string, AwsServiceClients[S]> }

export interface ApiCallCounter {
  /** HTTP requests made, retries included (incremented by the client factories and the Kubernetes retries). */
  apiCalls: number
}

export interface RunClients {
  readonly metrics: ApiCallCounter
  readonly aws: AwsClientCache
  /** The kubeconfig with a context selected, by context ("" for the current one), once a step has loaded it. A
   * fleet run reaches several contexts; each is loaded once and shared by its steps. */
  readonly kubeConfigs: Map<string, KubeConfig>
}

export function createRunClients(): RunClients {
  return {
    metrics: { apiCalls: 0 },
    aws: { ec2: new Map(), cloudwatch: new Map(), ce: new Map(), sts: new Map(), s3: new Map() },
    kubeConfigs: new Map(),
  }
}
