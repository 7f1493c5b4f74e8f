// The one redaction function: applied to a question before it is sent, cached, planned or audited, and to any
// text (error messages, log tails) that leaves the process. Patterns err on the side of redacting.
const patterns: [RegExp, string][] = [
  // PEM private keys, whole block.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[REDACTED:private-key]'],
  // AWS access key ids (AKIA long-term, ASIA temporary, and the other documented prefixes).
  [/\b(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/g, '[REDACTED:aws-key-id]'],
  // aws_secret_access_key = ..., and any 40-char base64-ish run next to the word "secret".
  [/(secret[_-]?access[_-]?key|aws[_-]?secret)(["'\s:=]+)[A-Za-z0-9/+=]{40}/gi, '$1$2[REDACTED:aws-secret]'],
  // Authorization headers and bearer tokens.
  [/\b(bearer)(\s*[:=]?\s*)[A-Za-z0-9\-._~+/]{8,}=*/gi, '$1$2[REDACTED:token]'],
  [/\b([a-z_-]*token)(["']?\s*[:=]\s*["']?)[A-Za-z0-9\-._~+/]{6,}=*/gi, '$1$2[REDACTED:token]'],
  // Provider API keys and common token shapes.
  [/\bsk-(ant-)?[A-Za-z0-9_-]{16,}/g, '[REDACTED:api-key]'],
  [/\b(ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}/g, '[REDACTED:token]'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, '[REDACTED:token]'],
  // JWTs (three base64url segments starting with eyJ).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[REDACTED:jwt]'],
  // Passwords in URLs: scheme://user:password@host.
  [/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, '$1[REDACTED]@'],
  // password=..., passwd: ..., pwd=...
  [/\b(password|passwd|pwd|api[_-]?key|secret)(\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1$2[REDACTED]'],
]

export function redact(text: string): string {
  let out = text
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement)
  return out
}

/** Redact, then cap the length (a question longer than this is not a question). */
export function redactAndCap(text: string, maxChars = 2000): string {
  const redacted = redact(text)
  return redacted.length > maxChars ? `${redacted.slice(0, maxChars)}…` : redacted
}
