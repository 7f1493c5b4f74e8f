// Who holds the audit log's lock: pid, host and the process's start time, in <log>.lock-owner. A lock whose owner
// is a process on this host that no longer runs (or whose pid now belongs to another process) is taken at once,
// instead of after proper-lockfile's 10 s staleness; an owner that is alive, or on another host, is waited for.
import { readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'

interface Owner {
  pid: number
  host: string
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22), where there is /proc. */
  start?: string
}

const ownerFile = (log: string) => `${log}.lock-owner`

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

function alive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // exists, but not ours to signal
  }
  const now = startTime(owner.pid)
  return owner.start === undefined || now === undefined || now === owner.start
}

/** This process as an owner: the same for each of its appends (a run makes five or so). */
let me: string | undefined

export function recordOwner(log: string): void {
  me ??= JSON.stringify({ pid: process.pid, host: hostname(), start: startTime(process.pid) } satisfies Owner)
  writeFileSync(ownerFile(log), me, { mode: 0o600 })
}

export function forgetOwner(log: string): void {
  // unlink, not rmSync: rmSync loads Node's rimraf to remove a file.
  try {
    unlinkSync(ownerFile(log))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

/** When the lock's owner is known to be dead, age the lock so proper-lockfile takes it over now. */
export function ageLockOfDeadOwner(log: string, lockDir: string): boolean {
  let owner: Owner
  try {
    owner = JSON.parse(readFileSync(ownerFile(log), 'utf8'))
  } catch {
    return false // no owner recorded (yet): wait as usual
  }
  if (owner.host !== hostname() || alive(owner)) return false
  try {
    utimesSync(lockDir, new Date(0), new Date(0))
    return true
  } catch {
    return false
  }
}
