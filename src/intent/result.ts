// What understanding a question produced: the intent, the gate's verdict, the playbook it leads to and what the
// provider cost. The result of `cloudops intent` and the first half of `ask`/`plan`.
import type { ProviderName } from '../config/config.js'
import type { IntentVerdict } from './check.js'
import type { Candidate } from './offline.js'
import type { IntentUsage } from './providers/provider.js'
import type { Intent } from './types.js'

export interface IntentResult {
  question: string
  intent: Intent | null
  verdict: IntentVerdict
  playbook: string | null
  provider: ProviderName
  model: string
  usage: IntentUsage
  candidates: Candidate[]
  cached: boolean
  /** True when no provider was asked for and no key found: the offline parser was chosen by default. */
  defaultedToOffline: boolean
  /** One line for a person when the choice of provider may surprise them (never a key, only its variable). */
  providerNotice?: string
}
