// The only templating a playbook has: "${params.name}". A value that is exactly one reference takes the param's
// typed value (and disappears when the param is unset); anything else is an error, never evaluated.
const whole = /^\$\{params\.([a-z][a-z0-9_]*)\}$/
const anywhere = /\$\{([^}]*)\}/g

export function templateRefs(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(anywhere)].map((m) => m[1] as string)
  if (Array.isArray(value)) return value.flatMap(templateRefs)
  if (value && typeof value === 'object') return Object.values(value).flatMap(templateRefs)
  return []
}

/** Substitute params into a step's params or an analysis' options; unset whole references drop their key. */
export function substitute(value: unknown, params: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const m = whole.exec(value)
    if (m) return params[m[1] as string]
    return value.replace(anywhere, (_, ref: string) => {
      const v = params[ref.replace(/^params\./, '')]
      if (v === undefined) throw new Error(`\${${ref}} is unset and is part of "${value}"`)
      return String(v)
    })
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, params)).filter((v) => v !== undefined)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      const s = substitute(v, params)
      if (s !== undefined) out[k] = s
    }
    return out
  }
  return value
}
