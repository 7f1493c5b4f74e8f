// The AWS analyzers. One file per analyzer; keep this list sorted by id.
import awsDiagnose from './aws-diagnose.js'
import costChangeByService from './cost-change-by-service.js'
import { erase } from './define.js'
import ebsUnattached from './ebs-unattached.js'
import ec2Hardening from './ec2-hardening.js'
import ec2Idle from './ec2-idle.js'
import ec2Inventory from './ec2-inventory.js'
import s3PublicAccess from './s3-public-access.js'
import sgOpenIngress from './sg-open-ingress.js'
import type { Analyzer } from './types.js'

export const awsAnalyzers: Analyzer[] = [
  erase(awsDiagnose),
  erase(costChangeByService),
  erase(ebsUnattached),
  erase(ec2Hardening),
  erase(ec2Idle),
  erase(ec2Inventory),
  erase(s3PublicAccess),
  erase(sgOpenIngress),
]
