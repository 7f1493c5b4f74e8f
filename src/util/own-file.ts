// Whether a file in the cache dir can be trusted: a regular file of this user that no one else could have written.
import type { Stats } from 'node:fs'

export function isOwnPrivateFile(st: Stats): boolean {
  return st.isFile() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0
}
