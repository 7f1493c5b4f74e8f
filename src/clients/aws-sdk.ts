// The AWS SDK's client packages, each loaded on first use with require(). They are CommonJS, and an import() of one
// first has Node's ES module loader scan its entry file (2 MB for client-ec2) for module syntax and export names:
// ~125 ms of an AWS run on Node 20, ~20 ms on Node 24 (bench/RESULTS.md), before any of it runs.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export const awsSdk = {
  ec2: (): typeof import('@aws-sdk/client-ec2') => require('@aws-sdk/client-ec2'),
  sts: (): typeof import('@aws-sdk/client-sts') => require('@aws-sdk/client-sts'),
  cloudWatch: (): typeof import('@aws-sdk/client-cloudwatch') => require('@aws-sdk/client-cloudwatch'),
  costExplorer: (): typeof import('@aws-sdk/client-cost-explorer') => require('@aws-sdk/client-cost-explorer'),
  s3: (): typeof import('@aws-sdk/client-s3') => require('@aws-sdk/client-s3'),
}
