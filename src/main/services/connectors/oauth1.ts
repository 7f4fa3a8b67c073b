import { createHmac, randomBytes } from 'node:crypto';

/**
 * OAuth 1.0a request signing (RFC 5849 §3.4), as NetSuite's token-based
 * authentication takes it: HMAC-SHA256 over the signature base string — the
 * method, the URL without its query, and every query, body-form and oauth_
 * parameter, percent-encoded, sorted — keyed by the consumer secret and the
 * token secret. The realm (the account id) rides in the header, outside the
 * signature.
 */
export interface OAuthCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token: string;
  readonly tokenSecret: string;
  readonly realm?: string;
}

export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export interface SigningRequest {
  readonly method: string;
  readonly url: string;
  /** Parameters of a form-encoded body, which are signed too (a JSON body is not). */
  readonly formParams?: readonly (readonly [string, string])[];
}

/** RFC 3986 unreserved characters stay; everything else is %XX (encodeURIComponent leaves !'()* alone). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function signatureBaseString(request: SigningRequest, oauthParams: readonly (readonly [string, string])[]): string {
  const url = new URL(request.url);
  const base = `${url.protocol}//${url.host.toLowerCase()}${url.pathname}`;
  const params = [...url.searchParams.entries(), ...(request.formParams ?? []), ...oauthParams].map(([name, value]) => [percentEncode(name), percentEncode(value)] as const);
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return [request.method.toUpperCase(), percentEncode(base), percentEncode(params.map(([name, value]) => `${name}=${value}`).join('&'))].join('&');
}

export function sign(baseString: string, credentials: Pick<OAuthCredentials, 'consumerSecret' | 'tokenSecret'>, method: SignatureMethod): string {
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.tokenSecret)}`;
  return createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', key).update(baseString).digest('base64');
}

/** The `Authorization: OAuth …` header for one request; a fresh nonce and timestamp unless given (tests). */
export function authorizationHeader(request: SigningRequest, credentials: OAuthCredentials, options: { method?: SignatureMethod; nonce?: string; timestamp?: number } = {}): string {
  const method = options.method ?? 'HMAC-SHA256';
  const oauth: [string, string][] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', options.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', method],
    ['oauth_timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_token', credentials.token],
    ['oauth_version', '1.0'],
  ];
  const signature = sign(signatureBaseString(request, oauth), credentials, method);
  const fields = [...(credentials.realm === undefined ? [] : [['realm', credentials.realm] as const]), ...oauth, ['oauth_signature', signature] as const];
  return `OAuth ${fields.map(([name, value]) => `${name}="${percentEncode(value)}"`).join(', ')}`;
}

/** The fields of an `OAuth …` header, decoded; null when it is not one. */
export function parseAuthorization(header: string): Map<string, string> | null {
  if (!header.startsWith('OAuth ')) return null;
  const fields = new Map<string, string>();
  for (const match of header.slice('OAuth '.length).matchAll(/([a-z_]+)="([^"]*)"/gi)) fields.set(match[1] ?? '', decodeURIComponent(match[2] ?? ''));
  return fields;
}
