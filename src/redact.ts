// The one redaction function: applied to a question before it is sent, cached, planned or audited, and to any
// text (error messages, log tails, URLs) that leaves the process. Patterns err on the side of redacting.
// Every pattern runs in linear time: a pattern that ends in an unbounded run starts only where such a run starts
// (the lookbehinds), so no run is scanned again from each of its positions; URLs are handled token by token.
type Replacement = string | ((match: string) => string)

/** Not inside a run of token characters: where a token can begin. `=` may precede one (NAME=sk-… is how keys are
 * pasted): no token's run goes on through an `=`, so starting after one rescans nothing. */
const notInToken = '(?<![A-Za-z0-9_\\-+/.~])'

const patterns: [RegExp, Replacement][] = [
  // PEM private keys, whole block; a block cut short ends at the next BEGIN or at the end of the text.
  [
    /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|(?=-----BEGIN )|$)/g,
    '[REDACTED:private-key]',
  ],
  // AWS access key ids (AKIA long-term, ASIA temporary, and the other documented prefixes).
  [/\b(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/g, '[REDACTED:aws-key-id]'],
  // aws_secret_access_key = ..., "aws secret <40 chars>", "aws secret key is <40 chars>".
  [
    /\b(secret[_\s-]?access[_\s-]?key|aws[_\s-]?secret(?:[_\s-]?(?:access[_\s-]?)?key)?)(["'\s:=]{1,8}(?:is\s{1,4})?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    '$1$2[REDACTED:aws-secret]',
  ],
  // Authorization headers, whatever the scheme (Basic, Bearer, Digest, a raw token).
  [
    /(?<![^\s"'({[,;])(authorization)(["']?\s{0,4}[:=]\s{0,4}["']?)(?:(?:basic|bearer|digest|token)\s{1,4})?[^\s"',;]{4,}/gi,
    '$1$2[REDACTED:credentials]',
  ],
  [new RegExp(`${notInToken}(bearer)(\\s{0,4}[:=]?\\s{0,4})[A-Za-z0-9\\-._~+/]{8,}=*`, 'gi'), '$1$2[REDACTED:token]'],
  [/(?<![a-z_-])([a-z_-]*token)(["']?\s{0,4}[:=]\s{0,4}["']?)[A-Za-z0-9\-._~+/]{6,}=*/gi, '$1$2[REDACTED:token]'],
  // Provider API keys and common token shapes.
  [new RegExp(`${notInToken}sk-(?:ant-)?[A-Za-z0-9_-]{16,}`, 'g'), '[REDACTED:api-key]'],
  [new RegExp(`${notInToken}[sr]k_(?:live|test)_[A-Za-z0-9]{10,}`, 'g'), '[REDACTED:api-key]'],
  [new RegExp(`${notInToken}AIza[0-9A-Za-z_-]{35}`, 'g'), '[REDACTED:api-key]'],
  [new RegExp(`${notInToken}(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}`, 'g'), '[REDACTED:token]'],
  [new RegExp(`${notInToken}xox[abprs]-[A-Za-z0-9-]{10,}`, 'g'), '[REDACTED:token]'],
  // JWTs (three base64url segments starting with eyJ).
  [new RegExp(`${notInToken}eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}`, 'g'), '[REDACTED:jwt]'],
  // URLs: each whitespace-separated token once.
  [/\S+/g, (token) => (token.includes('://') ? maskUrl(token) : token)],
  // password=..., passwd: ..., "the password is ...", api_key=..., secret: ...
  [
    /\b(password|passphrase|passwd|pwd|api[_-]?key|secret)(\s{0,4}[:=]\s{0,4}|\s{1,4}(?:is|was)\s{1,4})("[^"\n]*"|'[^'\n]*'|\S+)/gi,
    '$1$2[REDACTED]',
  ],
]

/** scheme://user:PASSWORD@host → [REDACTED], and every query value: ?key=VALUE&x=VALUE. */
export function maskUrl(url: string): string {
  const withoutPassword = url.replace(/:\/\/([^\s/:@]*):[^\s/@]*@/g, '://$1:[REDACTED]@')
  const q = withoutPassword.indexOf('?')
  if (q < 0) return withoutPassword
  const query = withoutPassword.slice(q).replace(/([?&][^=&#]*=)[^&#]*/g, '$1[REDACTED]')
  return withoutPassword.slice(0, q) + query
}

export function redact(text: string): string {
  let out = text
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement as string)
  return out
}

/** Cap, then redact (a question longer than this is not a question). The margin keeps a secret that straddles
 * the cap whole while it is redacted, so no half of it survives the cut. */
export function redactAndCap(text: string, maxChars = 2000): string {
  const redacted = redact(text.length > maxChars + 512 ? text.slice(0, maxChars + 512) : text)
  return redacted.length > maxChars ? `${redacted.slice(0, maxChars)}…` : redacted
}
