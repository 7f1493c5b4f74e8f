// The floor for aws-security-group-exposure: the same SDK call, every page, one region, nothing else.
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2'

const client = new EC2Client({ region: process.env.AWS_REGION ?? 'us-east-1' })
let groups = 0
let NextToken
do {
  const page = await client.send(new DescribeSecurityGroupsCommand({ NextToken, MaxResults: 1000 }))
  groups += page.SecurityGroups?.length ?? 0
  NextToken = page.NextToken
} while (NextToken)
process.stdout.write(`${groups}\n`)
