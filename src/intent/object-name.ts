// The one object a question names ("what's wrong with payment-api in shop?", "why did job nightly-backup fail?",
// "is i-0abc… healthy?"), for the offline parser. A name is data: the words inside it never pick a playbook, so the
// parser masks it before scoring. Only the usual forms are recognised; anything else is not a name.
import { escapeRegExp } from '../util/escape-regexp.js'
import { type CloudProvider, type ObjectKind, providerOfKind } from './types.js'

export interface NamedObject {
  name: string
  kind?: ObjectKind
  /** The namespace written right after the name ("payment-api in shop"), when it is not an environment. */
  namespace?: string
  provider: CloudProvider
}

/** Words for a kind, singular and plural, as operators write them. */
const kindWords: Record<string, ObjectKind> = {
  pod: 'pod',
  pods: 'pod',
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  ds: 'daemonset',
  job: 'job',
  jobs: 'job',
  cronjob: 'cronjob',
  cronjobs: 'cronjob',
  service: 'service',
  services: 'service',
  svc: 'service',
  pvc: 'pvc',
  pvcs: 'pvc',
  persistentvolumeclaim: 'pvc',
  node: 'node',
  nodes: 'node',
  instance: 'instance',
}
const kindAlternation = `(?:${Object.keys(kindWords)
  .sort((a, b) => b.length - a.length)
  .join('|')})(?![-a-z0-9])`

/** Where a word would stand for a name but never is one: articles, states, measures, the words of a category. */
const notObjectNames = new Set(
  `the a an my our your their this that these those its it all any every each some which what who whose one two
  in on of for to at from with by about into and or not no is are was were be been being has have had do does did
  why how when where there here me us i we you they them him her
  high low slow down up ok okay fine healthy unhealthy broken bad good new old running pending failing failed
  crashing crashed stuck ready notready unready restarting restarted dead dying evicted terminated completed
  starting started stopped available unavailable unschedulable scheduled degraded throttled idle unused
  status state states health logs log events event errors error problems problem issues issue usage metrics
  count counts list names name details info information types type ids id sizes size limits limit requests request
  memory cpu disk network traffic cost costs bill spend price prices failures failure conditions condition
  pressure restarts restart crash crashes oom oomkilled backoff crashloop crashloopbackoff exit code codes
  rollout rollouts replicas replica capacity resources resource allocation reasons reason age labels label
  selector selectors endpoints endpoint ports port config configuration image images version versions
  default kubernetes k8s cluster clusters namespace namespaces aws ec2 eks
  so too much many more most less very really still again just only also even
  get show tell find check look give describe explain everything anything nothing something stuff things
  without within across over under above below near using per than since after before during between among
  keeps keep kept going getting being having taking making happening working looking seeing showing
  crashlooping expensive large big small oldest newest latest biggest busiest noisy slowest hottest top first last
  other same single specific particular certain main primary public private open exposed unencrypted encrypted
  orphaned attached unattached underutilized overloaded flaky faulty misbehaving problematic sick troubled leaking
  hung frozen hanging zombie please pls thanks thank now today yesterday tonight asap overall total quickly kindly
  per-service breakdown summary report`.split(/\s+/),
)

/** Hyphenated words that are English, not object names. */
const commonCompounds = new Set([
  'read-only',
  'pre-prod',
  'non-prod',
  'real-time',
  'built-in',
  'follow-up',
  'up-to-date',
  'out-of-memory',
  'cross-account',
  'on-call',
  'well-known',
  'long-running',
  'short-lived',
  'high-cpu',
  'low-cpu',
  'near-zero',
  'non-zero',
  'under-utilized',
  'over-provisioned',
  'high-memory',
  'low-memory',
  'not-ready',
  'e-mail',
  'crash-looping',
  'internet-facing',
  'cpu-heavy',
  'memory-heavy',
])

/** A name starts where no name character precedes it: "node-exporter" is one name, never "exporter". */
const namePattern = '(?<![-a-z0-9.])[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?'
const awsIds: [RegExp, ObjectKind][] = [
  [/\b(i-[0-9a-f]{8,17})\b/, 'instance'],
  [/\b(sg-[0-9a-f]{8,17})\b/, 'security_group'],
  [/\b(vol-[0-9a-f]{8,17})\b/, 'volume'],
]
/** A pod name as a ReplicaSet makes them: <deployment>-<pod-template-hash>-<5 chars>. */
const replicaSetPod = /\b([a-z0-9](?:[-a-z0-9]*[a-z0-9])?-[b-df-hj-np-tv-z2-9]{6,10}-[b-df-hj-np-tv-z2-9]{5})\b/

interface NameContext {
  /** Environment names and scope words: "what's wrong with prod" is about an environment, not an object. */
  environments: readonly string[]
  /** Words that are never a name (resource words, playbook keywords); a word they begin is not a name either. */
  ordinary: ReadonlySet<string>
  /** The namespace the question names with the word "namespace", if any: never also the object. */
  namespace?: string
}

/** The object a question names, or undefined. `question` is as typed (for quotes); `text` is normalized. */
export function namedObject(question: string, text: string, ctx: NameContext): NamedObject | undefined {
  for (const [pattern, kind] of awsIds) {
    const id = pattern.exec(text)?.[1]
    if (id) return { name: id, kind, provider: 'aws' }
  }
  const found = quotedName(question, ctx) ?? writtenName(text, ctx)
  if (!found) return undefined
  const kind = found.kind ?? (replicaSetPod.test(found.name) ? 'pod' : undefined)
  const provider = kind ? providerOfKind(kind) : 'kubernetes'
  const namespace = provider === 'kubernetes' ? namespaceAfter(text, found.name, ctx) : undefined
  return { name: found.name, provider, ...(kind ? { kind } : {}), ...(namespace ? { namespace } : {}) }
}

/** The name with every occurrence blanked out, so that the words inside it score nothing. */
export function withoutName(text: string, name: string): string {
  return text.split(name).join(' ').replace(/\s+/g, ' ').trim()
}

type Found = { name: string; kind?: ObjectKind }

/** `payment-api`, "payment-api", 'payment-api' (or in curly quotes), with the kind word beside it when there is one. */
function quotedName(question: string, ctx: NameContext): Found | undefined {
  const quoted =
    /(?:^|[\s(])[`"'\u201c\u2018]([A-Za-z0-9][-A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z0-9])[`"'\u201d\u2019](?=$|[\s?.,!:;)])/.exec(
      question,
    )
  const name = quoted?.[1]?.toLowerCase()
  if (!name || !acceptable(name, ctx, 'strong')) return undefined
  const around = question.toLowerCase()
  const kindAfter = new RegExp(`${escapeRegExp(name)}[\`"'”’]\\s+(${kindAlternation})\\b`).exec(around)?.[1]
  const kindBefore = new RegExp(`\\b(${kindAlternation})\\s+[\`"'“‘]${escapeRegExp(name)}`).exec(around)?.[1]
  const kind = kindWords[kindAfter ?? kindBefore ?? '']
  return { name, ...(kind ? { kind } : {}) }
}

/** The unquoted forms, strongest first. */
function writtenName(text: string, ctx: NameContext): Found | undefined {
  const forms: [RegExp, 'kind-first' | 'kind-last' | 'none', Strength][] = [
    // deployment/payment-api
    [new RegExp(`\\b(${kindAlternation})/(${namePattern})`), 'kind-first', 'strong'],
    // the payment-api deployment, nightly-backup job
    [new RegExp(`(${namePattern}) (${kindAlternation})`), 'kind-last', 'beside-kind'],
    // pod payment-api-7d9f, deployment named checkout
    [new RegExp(`\\b(${kindAlternation}) (?:named |called )?(${namePattern})`), 'kind-first', 'beside-kind'],
    // anything named checkout
    [new RegExp(`\\b(?:named|called) (${namePattern})`), 'none', 'strong'],
    // what's wrong with redis, any issues with the payment-api
    [
      new RegExp(
        `\\b(?:wrong|issues?|problems?|going on|up|happening|the matter|trouble) (?:with|to) (?:the |my |our )?(${namePattern})`,
      ),
      'none',
      'weak',
    ],
    // diagnose checkout, debug my-app, logs of my-app
    [
      new RegExp(
        `\\b(?:diagnose|debug|troubleshoot|investigate|inspect|(?:logs?|events|errors|status|health|state) (?:of|for|from)) (?:the |my |our )?(${namePattern})`,
      ),
      'none',
      'weak',
    ],
    // why is checkout failing, why did nightly-backup fail
    [new RegExp(`\\bwhy (?:is|are|was|does|did|do|has|have) (?:the |my |our )?(${namePattern}) \\w`), 'none', 'weak'],
    // is redis healthy
    [
      new RegExp(
        `\\b(?:is|are) (?:the |my |our )?(${namePattern}) (?:healthy|ok|okay|up|down|broken|working|running|ready|fine)\\b`,
      ),
      'none',
      'weak',
    ],
  ]
  for (const [pattern, order, strength] of forms) {
    for (const m of text.matchAll(new RegExp(pattern, 'g'))) {
      const [kindWord, raw] = order === 'kind-first' ? [m[1], m[2]] : order === 'kind-last' ? [m[2], m[1]] : ['', m[1]]
      const name = trimName(raw ?? '')
      const plural = kindWord ? kindWord.endsWith('s') && kindWord !== 'ds' && kindWord !== 'sts' : false
      if (!name || !acceptable(name, ctx, plural && strength === 'beside-kind' ? 'weak' : strength)) continue
      // "the api pods" is rarely a pod named api: a plain word needs a singular kind word beside it, and a plural one
      // leaves the kind open (the pods of payment-api are found through their owner).
      if (plural && strength !== 'strong' && !/[-0-9]/.test(name)) continue
      const kind = plural ? undefined : kindWords[kindWord ?? '']
      return { name, ...(kind ? { kind } : {}) }
    }
  }
  // Last, any hyphenated word that is not English or a place ("in kube-system" is a namespace, not the object).
  const words = text.split(' ')
  const hyphenated = words
    .map((w, i) => ({ w: trimName(w), before: words[i - 1] }))
    .find(({ w, before }) => w.includes('-') && before !== 'in' && acceptable(w, ctx, 'weak'))
  return hyphenated ? { name: hyphenated.w } : undefined
}

/**
 * How sure the form is that a name stands there: quoted or kind/name (strong), right beside a kind word ("the billing
 * service": only exact vocabulary words are refused), or only by position ("what's wrong with X": a word that any
 * vocabulary word begins is refused too).
 */
type Strength = 'strong' | 'beside-kind' | 'weak'

/** A name a person wrote, not a word of the question: never an environment, a region or the named namespace. */
function acceptable(name: string, ctx: NameContext, strength: Strength): boolean {
  if (!/^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) return false
  if (ctx.environments.includes(name) || name === ctx.namespace) return false
  if (/^[a-z]{2}(-[a-z]+)+-[0-9]$/.test(name) || /^[0-9.]+$/.test(name)) return false
  if (/^[0-9]+(h|d|w|mo|m|s)$/.test(name)) return false
  if (kindWords[name] || commonCompounds.has(name)) return false
  if (strength === 'strong') return true
  // A playbook's own word ("near-zero cpu") is never a name found only by its position.
  if (strength === 'weak' && ctx.ordinary.has(name)) return false
  // A plain word must be no word of the question's vocabulary; a hyphenated or numbered one is a name.
  if (/[-0-9]/.test(name)) return true
  if (notObjectNames.has(name) || ctx.ordinary.has(name)) return false
  if (strength === 'beside-kind') return name.length >= 2
  for (const word of ctx.ordinary) if (!word.includes(' ') && word.length >= 3 && name.startsWith(word)) return false
  return name.length >= 2
}

/** "payment-api in shop": shop is the namespace, unless it is an environment ("in prod") or an ordinary word. */
function namespaceAfter(text: string, name: string, ctx: NameContext): string | undefined {
  const m = new RegExp(
    `${escapeRegExp(name)}(?: (?:${kindAlternation}))? in (?:the )?(${namePattern})\\b(?! namespace)`,
  ).exec(text)
  const ns = m?.[1]
  if (!ns || ctx.environments.includes(ns) || notObjectNames.has(ns) || ctx.ordinary.has(ns)) return undefined
  if (/^[a-z]{2}(-[a-z]+)+-[0-9]$/.test(ns) || ns.length > 63 || ns.includes('.')) return undefined
  return ns
}

function trimName(word: string): string {
  return word.replace(/[.:'-]+$/, '').replace(/'s$/, '')
}
