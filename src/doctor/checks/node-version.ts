import type { DoctorCheck } from '../check.js'

const minimum = [20, 19] as const

export const nodeVersionCheck: DoctorCheck = {
  name: 'node',
  run() {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
    const ok = major > minimum[0] || (major === minimum[0] && minor >= minimum[1])
    return {
      name: 'node',
      ok,
      detail: `Node.js ${process.versions.node}`,
      ...(ok ? {} : { fix: `Install Node.js ${minimum.join('.')} or newer.` }),
    }
  },
}
