// The one object an AWS diagnosis is about, named by its id: i-… an instance, sg-… a security group, vol-… a volume.
// The aws.ec2.describe_related_* actions take that id whatever its kind, and the aws-diagnose analyzer reads back the
// note a lookup leaves when the id does not exist in a region. Pure: no SDK, no client.

export type RelatedKind = 'instance' | 'security_group' | 'volume'

/** i-, sg- or vol- and 8 or 17 hex digits, as AWS makes them. */
const relatedIdPattern = '^(i|sg|vol)-([0-9a-f]{8}|[0-9a-f]{17})$'

export const regionPattern = '^[a-z]{2}(-[a-z]+)+-[0-9]$'

const kinds: Record<string, RelatedKind> = { i: 'instance', sg: 'security_group', vol: 'volume' }

/** The kind an id names, by its prefix; undefined for anything else. */
export function kindOfId(id: string): RelatedKind | undefined {
  const prefix = id.slice(0, id.indexOf('-'))
  return Object.hasOwn(kinds, prefix) ? kinds[prefix] : undefined
}

export interface RelatedParams {
  /** The object the question names; each related_* action asks only for its own kind around it. */
  id?: string
  /** The region the question names: the other regions of the environment are not asked. */
  region?: string
}

/** Every describe_related_* action takes exactly these params. */
export const relatedParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: relatedIdPattern },
    region: { type: 'string', pattern: regionPattern },
  },
}

const notFoundIn = (id: string) => `${id} was not found in `

/** The note a lookup by id leaves when AWS says the id does not exist in the step's region. */
export function notFoundNote(id: string, region: string): string {
  return `${notFoundIn(id)}${region}`
}

/** The regions whose lookups said the id does not exist there (from notFoundNote). */
export function notFoundRegions(notes: readonly string[], id: string): string[] {
  const prefix = notFoundIn(id)
  return notes.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length))
}
