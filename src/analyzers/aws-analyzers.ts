// The AWS analyzers. One file per analyzer; keep this list sorted by id.
import costChangeByService from './cost-change-by-service.js'
import ebsUnattached from './ebs-unattached.js'
import ec2Hardening from './ec2-hardening.js'
import ec2Idle from './ec2-idle.js'
import ec2Inventory from './ec2-inventory.js'
import sgOpenIngress from './sg-open-ingress.js'
import type { AnalyzerDefinition } from './types.js'

// biome-ignore lint/suspicious/noExplicitAny: each analyzer has its own options type
export const awsAnalyzers: AnalyzerDefinition<any>[] = [
  costChangeByService,
  ebsUnattached,
  ec2Hardening,
  ec2Idle,
  ec2Inventory,
  sgOpenIngress,
]
