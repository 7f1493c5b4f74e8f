// AWS actions, by id. One file per action; keep this list sorted.
import type { ActionLoader } from '../types.js'

export const awsActions: Record<string, ActionLoader> = {
  'aws.ce.get_cost_and_usage': () => import('./ce-get-cost-and-usage.js'),
  'aws.cloudwatch.get_cpu_utilization': () => import('./cloudwatch-get-cpu-utilization.js'),
  'aws.ec2.describe_instance_status': () => import('./ec2-describe-instance-status.js'),
  'aws.ec2.describe_instances': () => import('./ec2-describe-instances.js'),
  'aws.ec2.describe_regions': () => import('./ec2-describe-regions.js'),
  'aws.ec2.describe_related_instances': () => import('./ec2-describe-related-instances.js'),
  'aws.ec2.describe_related_security_groups': () => import('./ec2-describe-related-security-groups.js'),
  'aws.ec2.describe_related_volumes': () => import('./ec2-describe-related-volumes.js'),
  'aws.ec2.describe_security_groups': () => import('./ec2-describe-security-groups.js'),
  'aws.ec2.describe_volumes': () => import('./ec2-describe-volumes.js'),
  'aws.s3.bucket_access': () => import('./s3-bucket-access.js'),
  'aws.sts.get_caller_identity': () => import('./sts-get-caller-identity.js'),
}
