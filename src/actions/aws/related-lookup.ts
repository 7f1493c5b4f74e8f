// How a describe_related_* action starts and how it treats an id AWS does not know: the id must be given (the
// planner drops an unset param, so the action refuses here), a region the question did not name is not asked, and
// "does not exist" is an empty answer with a note, not a failed step (ids are per region: the others say not found).
import { awsRegionOf } from '../../clients/aws.js'
import { UsageError } from '../../errors.js'
import type { ActionContext, ActionOutput } from '../types.js'
import { notFoundNote, type RelatedParams } from './related-id.js'

/** The id to look up in the step's region, or undefined when the question names another region. */
export function idToLookUp(ctx: Pick<ActionContext, 'region'>, p: RelatedParams): string | undefined {
  if (!p.id) {
    throw new UsageError('no object to diagnose', {
      hint: 'Give its id with --param name=<i-…|sg-…|vol-…>, or name it in the question.',
    })
  }
  return p.region && ctx.region && p.region !== ctx.region ? undefined : p.id
}

// What EC2 answers when an id asked for does not exist in the region.
const notFoundCodes = new Set(['InvalidInstanceID.NotFound', 'InvalidGroup.NotFound', 'InvalidVolume.NotFound'])

/** The call's result, or undefined when AWS answers that an id it was asked for does not exist in the region. */
export async function unlessNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call()
  } catch (err) {
    if (notFoundCodes.has((err as { name?: string }).name ?? '')) return undefined
    throw err
  }
}

/** The objects of a lookup by the question's own id, each with the step's region; a note when there is none. */
export function lookedUp<T extends object>(
  ctx: Pick<ActionContext, 'region' | 'environment'>,
  id: string,
  found: T[] | undefined,
): ActionOutput<T & { Region?: string }> {
  const region = awsRegionOf(ctx)
  if (!found?.length) return { items: [], notes: [notFoundNote(id, region)] }
  return { items: found.map((x) => ({ ...x, Region: ctx.region })) }
}

/** Objects related to the question's id (found by filter or through another object), each with the step's region. */
export function related<T extends object>(
  ctx: Pick<ActionContext, 'region'>,
  found: T[] | undefined,
): ActionOutput<T & { Region?: string }> {
  return { items: (found ?? []).map((x) => ({ ...x, Region: ctx.region })) }
}
