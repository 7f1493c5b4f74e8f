// The actions aws-diagnose is made of, against a fake EC2 client: which call each makes for each kind of id, that
// an id AWS does not know is an empty answer with a note (not a failed step), and that nothing else is swallowed.
import type { EC2Client } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import statusAction from '../../src/actions/aws/ec2-describe-instance-status.js'
import instancesAction from '../../src/actions/aws/ec2-describe-related-instances.js'
import groupsAction from '../../src/actions/aws/ec2-describe-related-security-groups.js'
import volumesAction from '../../src/actions/aws/ec2-describe-related-volumes.js'
import type { ActionContext, ActionOutput } from '../../src/actions/types.js'
import { createRunClients } from '../../src/clients/run-clients.js'
import { UsageError } from '../../src/errors.js'

const iid = 'i-0123456789abcdef0'
const sgid = 'sg-0123456789abcdef0'
const vid = 'vol-0123456789abcdef0'

interface Call {
  command: string
  input: Record<string, unknown>
}
type Answer = (call: Call) => unknown

const notFound = (code: string) => Object.assign(new Error(`${code}: does not exist`), { name: code })

/** A step's context whose EC2 client records each call and answers it with `answer`. */
function fakeEc2(answer: Answer, inputs: Record<string, ActionOutput> = {}) {
  const calls: Call[] = []
  const clients = createRunClients()
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const call = { command: command.constructor.name.replace(/Command$/, ''), input: command.input }
    calls.push(call)
    return answer(call)
  }
  // The actions use only `send`; a whole EC2Client is not needed to answer them.
  clients.aws.ec2.set('us-east-1|', { send } as unknown as EC2Client)
  const ctx: ActionContext = {
    region: 'us-east-1',
    environment: { name: 'dev', aws: { regions: ['us-east-1'] } },
    inputs,
    signal: new AbortController().signal,
    clients,
  }
  return { ctx, calls }
}

const reservations = (...ids: string[]) => ({
  Reservations: [{ Instances: ids.map((InstanceId) => ({ InstanceId })) }],
})
const stripped = (calls: Call[]) =>
  calls.map((c) => [
    c.command,
    Object.fromEntries(Object.entries(c.input).filter(([k, v]) => v !== undefined && k !== 'NextToken')),
  ])

describe('aws.ec2.describe_related_instances', () => {
  it.each([
    {
      kind: 'an instance id: that instance',
      id: iid,
      answer: () => reservations(iid),
      calls: [['DescribeInstances', { InstanceIds: [iid] }]],
      items: [iid],
    },
    {
      kind: 'a security group id: the instances using it, every page',
      id: sgid,
      answer: (c: Call) => ({
        ...reservations(c.input.NextToken ? 'i-2' : 'i-1'),
        NextToken: c.input.NextToken ? undefined : 't',
      }),
      calls: [
        ['DescribeInstances', { Filters: [{ Name: 'instance.group-id', Values: [sgid] }], MaxResults: 1000 }],
        ['DescribeInstances', { Filters: [{ Name: 'instance.group-id', Values: [sgid] }], MaxResults: 1000 }],
      ],
      items: ['i-1', 'i-2'],
    },
    {
      kind: 'a volume id: the instance it is attached to, through the volume',
      id: vid,
      answer: (c: Call) =>
        c.command === 'DescribeVolumes'
          ? { Volumes: [{ VolumeId: vid, Attachments: [{ InstanceId: iid }] }] }
          : reservations(iid),
      calls: [
        ['DescribeVolumes', { VolumeIds: [vid] }],
        ['DescribeInstances', { InstanceIds: [iid] }],
      ],
      items: [iid],
    },
    {
      kind: 'an unattached volume: no instance, one call',
      id: vid,
      answer: () => ({ Volumes: [{ VolumeId: vid, Attachments: [] }] }),
      calls: [['DescribeVolumes', { VolumeIds: [vid] }]],
      items: [],
    },
  ])('$kind', async ({ id, answer, calls, items }) => {
    const fake = fakeEc2(answer)
    const output = await instancesAction.execute(fake.ctx, { id })
    expect(stripped(fake.calls)).toEqual(calls)
    expect(output.items.map((i) => i.InstanceId)).toEqual(items)
    for (const i of output.items) expect(i.Region).toBe('us-east-1')
  })

  it('an instance id AWS does not know: no items, a note, no error', async () => {
    const fake = fakeEc2(() => {
      throw notFound('InvalidInstanceID.NotFound')
    })
    await expect(instancesAction.execute(fake.ctx, { id: iid })).resolves.toEqual({
      items: [],
      notes: [`${iid} was not found in us-east-1`],
    })
  })

  it('a volume id AWS does not know: no items and no note (the volumes step says it)', async () => {
    const fake = fakeEc2(() => {
      throw notFound('InvalidVolume.NotFound')
    })
    await expect(instancesAction.execute(fake.ctx, { id: vid })).resolves.toEqual({ items: [] })
  })

  it('any other error fails the step', async () => {
    const fake = fakeEc2(() => {
      throw Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation' })
    })
    await expect(instancesAction.execute(fake.ctx, { id: iid })).rejects.toThrow('not allowed')
  })

  it('a region the question did not name is not asked', async () => {
    const fake = fakeEc2(() => reservations(iid))
    await expect(instancesAction.execute(fake.ctx, { id: iid, region: 'eu-west-1' })).resolves.toEqual({ items: [] })
    expect(fake.calls).toEqual([])
  })

  it('without an id it refuses, saying how to give one', async () => {
    const fake = fakeEc2(() => reservations(iid))
    const refused = instancesAction.execute(fake.ctx, {})
    await expect(refused).rejects.toBeInstanceOf(UsageError)
    await expect(refused).rejects.toMatchObject({ hint: expect.stringContaining('--param name=') })
    expect(fake.calls).toEqual([])
  })
})

describe('aws.ec2.describe_related_security_groups', () => {
  it('a group id: that group; unknown → a note', async () => {
    const found = fakeEc2(() => ({ SecurityGroups: [{ GroupId: sgid }] }))
    expect((await groupsAction.execute(found.ctx, { id: sgid })).items.map((g) => g.GroupId)).toEqual([sgid])
    expect(stripped(found.calls)).toEqual([['DescribeSecurityGroups', { GroupIds: [sgid] }]])
    const missing = fakeEc2(() => {
      throw notFound('InvalidGroup.NotFound')
    })
    expect(await groupsAction.execute(missing.ctx, { id: sgid })).toEqual({
      items: [],
      notes: [`${sgid} was not found in us-east-1`],
    })
  })

  it('an instance id: the groups of the instance and of each of its network interfaces', async () => {
    const fake = fakeEc2((c) =>
      c.command === 'DescribeInstances'
        ? {
            Reservations: [
              {
                Instances: [
                  {
                    InstanceId: iid,
                    SecurityGroups: [{ GroupId: 'sg-b' }],
                    NetworkInterfaces: [{ Groups: [{ GroupId: 'sg-b' }] }, { Groups: [{ GroupId: 'sg-a' }] }],
                  },
                ],
              },
            ],
          }
        : { SecurityGroups: [{ GroupId: 'sg-a' }, { GroupId: 'sg-b' }] },
    )
    const output = await groupsAction.execute(fake.ctx, { id: iid })
    expect(stripped(fake.calls)).toEqual([
      ['DescribeInstances', { InstanceIds: [iid] }],
      ['DescribeSecurityGroups', { GroupIds: ['sg-a', 'sg-b'] }],
    ])
    expect(output).toEqual({
      items: [
        { GroupId: 'sg-a', Region: 'us-east-1' },
        { GroupId: 'sg-b', Region: 'us-east-1' },
      ],
    })
  })

  it('a volume id: no call', async () => {
    const fake = fakeEc2(() => ({}))
    expect(await groupsAction.execute(fake.ctx, { id: vid })).toEqual({ items: [] })
    expect(fake.calls).toEqual([])
  })
})

describe('aws.ec2.describe_related_volumes', () => {
  it.each([
    { kind: 'a volume id: that volume', id: vid, calls: [['DescribeVolumes', { VolumeIds: [vid] }]] },
    {
      kind: 'an instance id: the volumes attached to it',
      id: iid,
      calls: [['DescribeVolumes', { Filters: [{ Name: 'attachment.instance-id', Values: [iid] }], MaxResults: 500 }]],
    },
    { kind: 'a security group id: no call', id: sgid, calls: [] },
  ])('$kind', async ({ id, calls }) => {
    const fake = fakeEc2(() => ({ Volumes: [{ VolumeId: vid }] }))
    await volumesAction.execute(fake.ctx, { id })
    expect(stripped(fake.calls)).toEqual(calls)
  })

  it('a volume id AWS does not know: no items, a note', async () => {
    const fake = fakeEc2(() => {
      throw notFound('InvalidVolume.NotFound')
    })
    expect(await volumesAction.execute(fake.ctx, { id: vid })).toEqual({
      items: [],
      notes: [`${vid} was not found in us-east-1`],
    })
  })
})

describe('aws.ec2.describe_instance_status', () => {
  const statusOf = (c: Call) => ({
    InstanceStatuses: ((c.input.InstanceIds as string[] | undefined) ?? ['i-any']).map((InstanceId) => ({
      InstanceId,
      InstanceStatus: { Status: 'ok' },
    })),
  })

  it('the input instances, stopped ones included, 100 ids a call', async () => {
    const ids = Array.from({ length: 150 }, (_, n) => `i-${n.toString(16).padStart(8, '0')}`)
    const fake = fakeEc2(statusOf, { instances: { items: ids.map((InstanceId) => ({ InstanceId })) } })
    const output = await statusAction.execute(fake.ctx, {})
    expect(stripped(fake.calls)).toEqual([
      ['DescribeInstanceStatus', { InstanceIds: ids.slice(0, 100), IncludeAllInstances: true }],
      ['DescribeInstanceStatus', { InstanceIds: ids.slice(100), IncludeAllInstances: true }],
    ])
    expect(output.items).toHaveLength(150)
    expect(output.items[0]).toMatchObject({ InstanceId: ids[0], Region: 'us-east-1' })
  })

  it('input steps that found no instance: no call', async () => {
    const fake = fakeEc2(statusOf, { instances: { items: [] } })
    expect(await statusAction.execute(fake.ctx, {})).toEqual({ items: [] })
    expect(fake.calls).toEqual([])
  })

  it('no ids and no inputs: every instance of the region, every page', async () => {
    const fake = fakeEc2((c) => ({ ...statusOf(c), NextToken: c.input.NextToken ? undefined : 'next' }))
    const output = await statusAction.execute(fake.ctx, {})
    expect(stripped(fake.calls)).toEqual([
      ['DescribeInstanceStatus', { IncludeAllInstances: true, MaxResults: 1000 }],
      ['DescribeInstanceStatus', { IncludeAllInstances: true, MaxResults: 1000 }],
    ])
    expect(output.items).toHaveLength(2)
  })

  it('an instance gone between the steps: a note, not a failure', async () => {
    const fake = fakeEc2(() => {
      throw notFound('InvalidInstanceID.NotFound')
    })
    expect(await statusAction.execute(fake.ctx, { instance_ids: [iid] })).toEqual({
      items: [],
      notes: [`us-east-1: no status for ${iid}: not found`],
    })
  })
})
