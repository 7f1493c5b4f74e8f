// Kubernetes resource quantities ("250m", "1.5", "128Mi", "1G", "12345n") as plain numbers.
const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }
const decimal: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
}

/** The quantity's value in base units (cores for CPU, bytes for memory); undefined when unparseable. */
function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined
  if (typeof q === 'number') return q
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim())
  if (!m) return undefined
  const n = Number(m[1])
  const suffix = m[2] ?? ''
  const factor = binary[suffix] ?? decimal[suffix]
  return factor === undefined || !Number.isFinite(n) ? undefined : n * factor
}

export const millicores = (q: string | number | undefined) => {
  const v = parseQuantity(q)
  return v === undefined ? undefined : Math.round(v * 1000)
}

export const bytes = (q: string | number | undefined) => {
  const v = parseQuantity(q)
  return v === undefined ? undefined : Math.round(v)
}
