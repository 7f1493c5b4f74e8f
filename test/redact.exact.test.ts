// The exact output of each redaction rule: a rule that redacts only part of a secret, labels it wrongly, or eats
// the text around it fails here (`not.toContain(secret)` alone passes when one character is masked).
import { describe, expect, it } from 'vitest'
import { maskUrl, redact } from '../src/redact.js'

const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'

describe('each rule redacts the whole secret and nothing around it', () => {
  it.each([
    // rule, input, exact output
    [
      'PEM private key block',
      'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAbC+/=\n-----END RSA PRIVATE KEY----- after',
      'key:\n[REDACTED:private-key] after',
    ],
    ['PEM block cut short', 'x -----BEGIN PRIVATE KEY-----\nMIIEow cut short', 'x [REDACTED:private-key]'],
    [
      'PEM block cut short by another',
      '-----BEGIN PRIVATE KEY-----\nAAA\n-----BEGIN EC PRIVATE KEY-----\nBBB\n-----END EC PRIVATE KEY-----!',
      '[REDACTED:private-key][REDACTED:private-key]!',
    ],
    ['AWS access key id (AKIA)', 'key AKIAIOSFODNN7EXAMPLE in prod', 'key [REDACTED:aws-key-id] in prod'],
    ['AWS temporary key id (ASIA)', 'temp ASIAY34FZKBOKMUTVV7A ok', 'temp [REDACTED:aws-key-id] ok'],
    ['AWS role id (AROA)', 'role AROAJ2UCCR6DPCEXAMPL end', 'role [REDACTED:aws-key-id] end'],
    ['AWS key id after =', 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'AWS_ACCESS_KEY_ID=[REDACTED:aws-key-id]'],
    ['aws_secret_access_key=', `aws_secret_access_key=${awsSecret}`, 'aws_secret_access_key=[REDACTED:aws-secret]'],
    ['"aws secret key is …"', `aws secret key is ${awsSecret} now`, 'aws secret key is [REDACTED:aws-secret] now'],
    ['SECRET_ACCESS_KEY: "…"', `SECRET_ACCESS_KEY: "${awsSecret}"`, 'SECRET_ACCESS_KEY: "[REDACTED:aws-secret]"'],
    ['Authorization: Bearer', 'Authorization: Bearer abcdefghijklmnop.qrs', 'Authorization: [REDACTED:credentials]'],
    [
      'Authorization: Basic in a quoted header',
      'curl -H "Authorization: Basic dXNlcjpodW50ZXIy" api',
      'curl -H "Authorization: [REDACTED:credentials]" api',
    ],
    ['authorization= raw token', 'authorization=abcd1234efgh;next', 'authorization=[REDACTED:credentials];next'],
    ['bare bearer token', 'bearer abcdefghijklmnop rest', 'bearer [REDACTED:token] rest'],
    ['Bearer: token with padding', 'Bearer: abcdefghijk== end', 'Bearer: [REDACTED:token] end'],
    ['*token=', 'auth.token=abcdef123456 in config', 'auth.token=[REDACTED:token] in config'],
    ['*token: "…"', 'x-api-token: "abcdef123456" done', 'x-api-token: "[REDACTED:token]" done'],
    ['Anthropic sk-ant-', 'use sk-ant-api03-abcdefghijklmnopqrstuvwxyz now', 'use [REDACTED:api-key] now'],
    ['OpenAI sk-', 'use sk-abcdefghijklmnopqrstuvwx now', 'use [REDACTED:api-key] now'],
    ['OpenAI sk-proj-', 'use sk-proj-abcdefghijklmnopqrstuvwx now', 'use [REDACTED:api-key] now'],
    ['sk- in quotes', '"sk-abcdefghijklmnopqrstuvwx"', '"[REDACTED:api-key]"'],
    // A key pasted as an environment line: `=` ends a name, it does not continue a token.
    [
      'OpenAI key in an env line',
      'OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx',
      'OPENAI_API_KEY=[REDACTED:api-key]',
    ],
    [
      'Anthropic key in an env line',
      'export ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
      'export ANTHROPIC_API_KEY=[REDACTED:api-key]',
    ],
    [
      'Stripe live and restricted test keys',
      'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc and rk_test_abcdefghijk',
      'stripe [REDACTED:api-key] and [REDACTED:api-key]',
    ],
    ['Google API key', 'maps AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW end', 'maps [REDACTED:api-key] end'],
    ['GitHub ghp_', 'gh ghp_abcdefghijklmnopqrstuvwxyz012345 end', 'gh [REDACTED:token] end'],
    ['GitHub github_pat_', 'pat github_pat_11ABCDEFG0123456789_abcdefghijklmnop end', 'pat [REDACTED:token] end'],
    ['GitHub token in an env line', 'GH_PAT=ghp_abcdefghijklmnopqrstuvwxyz012345', 'GH_PAT=[REDACTED:token]'],
    ['Slack bot token', 'slack xoxb-1234567890-abcdefghij end', 'slack [REDACTED:token] end'],
    ['Slack user token', 'slack xoxp-12345-67890-abcdef end', 'slack [REDACTED:token] end'],
    ['Slack token in an env line', 'SLACK=xoxb-1234567890-abcdefghij', 'SLACK=[REDACTED:token]'],
    ['JWT', `jwt ${jwt} end`, 'jwt [REDACTED:jwt] end'],
    ['JWT in an env line', `ID=${jwt}`, 'ID=[REDACTED:jwt]'],
    [
      'password in a URL',
      'db postgres://admin:hunter2@db.internal:5432/x end',
      'db postgres://admin:[REDACTED]@db.internal:5432/x end',
    ],
    [
      'every query value of a URL',
      'gw https://llm.example/v1?key=abc123secret&x=1 end',
      'gw https://llm.example/v1?key=[REDACTED]&x=[REDACTED] end',
    ],
    ['password=', 'password=hunter2 please', 'password=[REDACTED] please'],
    ['passwd: "quoted value with spaces"', 'passwd: "hunter two" ok', 'passwd: [REDACTED] ok'],
    ["api-key: 'quoted'", "api-key: 'a b c' rest", 'api-key: [REDACTED] rest'],
    ['"the password is …"', 'the admin password is hunter2, why', 'the admin password is [REDACTED] why'],
    ['"pwd is …"', 'pwd is hunter2', 'pwd is [REDACTED]'],
    ['api_key= and secret:', 'api_key=abc123 and secret: xyz', 'api_key=[REDACTED] and secret: [REDACTED]'],
    // Each separator and spacing a rule allows, and every match in a text (not only the first).
    ['"secret access key: …" (spaces)', `secret access key: ${awsSecret}`, 'secret access key: [REDACTED:aws-secret]'],
    [
      'AWS_SECRET_ACCESSKEY= (no separator)',
      `AWS_SECRET_ACCESSKEY=${awsSecret}`,
      'AWS_SECRET_ACCESSKEY=[REDACTED:aws-secret]',
    ],
    ['"aws secret access key …"', `aws secret access key ${awsSecret}`, 'aws secret access key [REDACTED:aws-secret]'],
    [
      'aws_secret_access key: (mixed separators)',
      `aws_secret_access key: ${awsSecret}`,
      'aws_secret_access key: [REDACTED:aws-secret]',
    ],
    [
      '"aws secret key is  …" (two spaces)',
      `aws secret key is  ${awsSecret}`,
      'aws secret key is  [REDACTED:aws-secret]',
    ],
    [
      'Authorization after a space',
      'header Authorization: Bearer abcdefghijklmnop.qrs',
      'header Authorization: [REDACTED:credentials]',
    ],
    [
      'authorization as a JSON member',
      '{"authorization": "Bearer abcdefghijklmnop"}',
      '{"authorization": "[REDACTED:credentials]"}',
    ],
    ['authorization = (spaced)', 'authorization = abcd1234efgh', 'authorization = [REDACTED:credentials]'],
    [
      'Authorization: Bearer, two spaces',
      'Authorization: Bearer  abcdefghijklmnop',
      'Authorization: [REDACTED:credentials]',
    ],
    ['*token = (spaced)', 'api_token = abcdef123456 x', 'api_token = [REDACTED:token] x'],
    [
      'two provider keys',
      'a sk-abcdefghijklmnopqrstuvwx b sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
      'a [REDACTED:api-key] b [REDACTED:api-key]',
    ],
    [
      'two Google API keys',
      'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvX',
      '[REDACTED:api-key] [REDACTED:api-key]',
    ],
    ['two JWTs', `${jwt} and ${jwt}`, '[REDACTED:jwt] and [REDACTED:jwt]'],
    ['apikey= (no separator)', 'apikey=abc123 x', 'apikey=[REDACTED] x'],
    ['password = (spaced)', 'password = hunter2 x', 'password = [REDACTED] x'],
    ['"password  is …" (two spaces)', 'the password  is hunter2', 'the password  is [REDACTED]'],
    ['a token that starts with its query', 'see ?next=https://h/p?key=abc123 now', 'see ?next=[REDACTED] now'],
  ])('%s', (_rule, input, expected) => {
    expect(redact(input)).toBe(expected)
  })
})

describe('maskUrl', () => {
  it.each([
    ['https://a:b@h/p?x=1#frag', 'https://a:[REDACTED]@h/p?x=[REDACTED]#frag'],
    ['postgres://admin:hunter2@db/x?sslpassword=zz', 'postgres://admin:[REDACTED]@db/x?sslpassword=[REDACTED]'],
    ['https://:tok@h/', 'https://:[REDACTED]@h/'],
    ['https://h/p?a=1&b=&c', 'https://h/p?a=[REDACTED]&b=[REDACTED]&c'],
    ['https://user@h/p', 'https://user@h/p'],
    ['https://h/p', 'https://h/p'],
    ['https://h/p?=secret', 'https://h/p?=[REDACTED]'], // a value without a name is still a value
    ['https://h/a&b=c?x=1', 'https://h/a&b=c?x=[REDACTED]'], // before the `?` it is the path, not the query
    ['?u=https://h/p', '?u=[REDACTED]'],
  ])('%s', (url, expected) => {
    expect(maskUrl(url)).toBe(expected)
  })
})

describe('look-alikes stay as they are', () => {
  it.each([
    'AKIAIOSFODNN7EXAMPL is one character short',
    'xAKIAIOSFODNN7EXAMPLE is inside a word',
    'AKIAIOSFODNN7EXAMPLE1 is one character long',
    'task-abcdefghijklmnopqrstu is a pod',
    'risk-abcdefghijklmnopqrstuvwxyz',
    'the disk-abcdefghijklmnopqrstu volume',
    'use sk-short now',
    'xoxb-short',
    'eyJhbGciOiJIUzI1NiJ9 is one segment',
    'ghp_short',
    'https://docs.example/limits has no query',
    'see http://user@host/path',
    'the token bucket settings',
    'my-token-name',
    'password reset flow',
    'bearer of bad news',
    'secret=',
    'which security groups expose SSH (port 22) to 0.0.0.0/0 in prod-eu?',
    'a query without a scheme is not a URL: pods?namespace=prod',
  ])('%j', (text) => {
    expect(redact(text)).toBe(text)
  })
})

describe('a token start after = is still linear', () => {
  // The rule that lets a key after `=` be redacted must not let a run of `=sk-…` be rescanned from each position.
  it.each([
    ['=sk- runs', (n: number) => '=sk-abcdefghijk'.repeat(n / 15)],
    ['=xoxb- runs', (n: number) => '=xoxb-'.repeat(n / 6)],
    ['=eyJ runs', (n: number) => '=eyJabcde.'.repeat(n / 10)],
  ])('%s', (_name, make) => {
    const cost = (text: string) => {
      const start = performance.now()
      for (let i = 0; i < 3; i++) redact(text)
      return performance.now() - start
    }
    cost(make(4096))
    const small = cost(make(16 * 1024))
    const large = cost(make(64 * 1024))
    expect(large).toBeLessThan(Math.max(10 * small, 50))
  })
})
