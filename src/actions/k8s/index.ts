// Kubernetes actions, by id. One file per action; keep this list sorted.
import type { ActionLoader } from '../registry.js'

export const k8sActions: Record<string, ActionLoader> = {}
