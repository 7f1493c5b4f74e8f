// The action catalogue: id → lazy import of the action module. Action modules import their SDK only inside
// execute(), so loading one to read its id, risk, schema and permissions costs almost nothing.

import { awsActions } from './aws/index.js'
import { k8sActions } from './k8s/index.js'
import type { ActionDefinition, ActionLoader } from './types.js'

const loaders: Record<string, ActionLoader> = { ...awsActions, ...k8sActions }

export function actionIds(): string[] {
  return Object.keys(loaders).sort()
}

export function hasAction(id: string): boolean {
  return Object.hasOwn(loaders, id)
}

export async function loadAction(id: string): Promise<ActionDefinition> {
  const load = hasAction(id) ? loaders[id] : undefined
  if (!load) throw new Error(`unknown action "${id}"`)
  const mod = await load()
  if (mod.default.id !== id) throw new Error(`action module for "${id}" declares id "${mod.default.id}"`)
  return mod.default
}

export async function loadAllActions(): Promise<ActionDefinition[]> {
  return Promise.all(actionIds().map(loadAction))
}
