import { Agent, request as send } from 'undici';
import type { HttpAnswer, Outcome } from '../../../shared/runtime/failure';
import { backoffMs, classifyAnswer, classifyNoAnswer } from '../../../shared/runtime/failure';

/**
 * The transport every connector uses: one request, retried as its failure
 * kind says (domain.md §4), with each attempt kept as a redacted exchange for
 * the journal. Transient failures back off exponentially with jitter;
 * throttled ones wait as long as the vendor asks; a request that changes
 * state and got no answer comes back `unknown` — it is never re-sent here.
 */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whether it can change anything in the target system (a write). */
  readonly changesState: boolean;
}

export interface Exchange {
  readonly request: { readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body?: string };
  readonly response: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown } | null;
  readonly outcome: Outcome;
  readonly durationMs: number;
}

export interface HttpResult {
  readonly outcome: Outcome;
  readonly answer: HttpAnswer | null;
  readonly exchanges: readonly Exchange[];
}

export interface HttpClientOptions {
  /** Attempts for transient failures, the first included. */
  readonly maxAttempts?: number;
  /** Throttled waits honoured before giving up. */
  readonly maxThrottles?: number;
  /** A vendor asking for a longer wait than this is a failure, not a pause. */
  readonly maxWaitMs?: number;
  readonly timeoutMs?: number;
  /** Credential values, redacted wherever they appear in an exchange. */
  readonly secrets?: readonly string[];
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Headers about the connection, not the exchange: left out of the journal's copy. */
const TRANSPORT_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'accept']);
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-shopify-access-token', 'api-key', 'x-api-key']);
const REDACTED = '[redacted]';
/** Error codes meaning the request never left this machine. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL', 'UND_ERR_INVALID_ARG']);
/** Undici's codes for an answer that did not come in time. */
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * One connection pool per process, kept alive between requests: undici's
 * `request` over it costs a fraction of `fetch` (no WHATWG streams, no abort
 * signal per call), which matters at thousands of requests a second.
 */
const POOL = new Agent({ keepAliveTimeout: 10_000, connections: 128 });

export class HttpClient {
  private readonly maxAttempts: number;
  private readonly maxThrottles: number;
  private readonly maxWaitMs: number;
  private readonly timeoutMs: number;
  private readonly secrets: readonly string[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: HttpClientOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 5;
    // A storm of throttles is waited out, not given up on early; maxWaitMs still bounds each wait.
    this.maxThrottles = options.maxThrottles ?? 60;
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  async send(request: HttpRequest): Promise<HttpResult> {
    const exchanges: Exchange[] = [];
    let attempts = 0;
    let throttles = 0;
    for (;;) {
      attempts += 1;
      const { outcome, answer, exchange } = await this.attempt(request);
      exchanges.push(exchange);
      if (outcome.kind === 'throttled' && throttles < this.maxThrottles && outcome.waitMs <= this.maxWaitMs) {
        // No wait named (a concurrency limit): back off with jitter, as for a transient failure.
        await this.sleep(outcome.waitMs > 0 ? outcome.waitMs : backoffMs(throttles, this.random));
        throttles += 1;
        continue;
      }
      if (outcome.kind === 'transient' && attempts < this.maxAttempts) {
        await this.sleep(backoffMs(attempts - 1, this.random));
        continue;
      }
      return { outcome, answer, exchanges };
    }
  }

  private async attempt(request: HttpRequest): Promise<{ outcome: Outcome; answer: HttpAnswer | null; exchange: Exchange }> {
    const started = performance.now();
    const recorded = { method: request.method, url: this.redact(request.url), headers: this.redactHeaders(request.headers ?? {}), ...(request.body === undefined ? {} : { body: this.redact(request.body) }) };
    try {
      const response = await send(request.url, {
        method: request.method,
        headers: request.headers ?? {},
        ...(request.body === undefined ? {} : { body: request.body }),
        dispatcher: POOL,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const text = await response.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const answer: HttpAnswer = { status: response.statusCode, headers, body: parseBody(text, headers['content-type']) };
      const outcome = classifyAnswer(answer);
      // The journal's copy is the answer itself unless a secret is in it (rare): no second parse.
      const body = this.mentionsSecret(text) ? this.redactValue(answer.body) : answer.body;
      const exchange: Exchange = { request: recorded, response: { status: answer.status, headers: this.redactHeaders(headers), body }, outcome, durationMs: Math.round((performance.now() - started) * 10) / 10 };
      return { outcome, answer, exchange };
    } catch (error: unknown) {
      const code = errorCode(error);
      const outcome = classifyNoAnswer(code, !NOT_SENT.has(code), request.changesState);
      return { outcome, answer: null, exchange: { request: recorded, response: null, outcome, durationMs: performance.now() - started } };
    }
  }

  private mentionsSecret(text: string): boolean {
    return this.secrets.some((secret) => text.includes(secret) || text.includes(encodeURIComponent(secret)));
  }

  private redact(text: string): string {
    if (!this.mentionsSecret(text)) return text;
    let result = text;
    for (const secret of this.secrets) {
      for (const form of [secret, encodeURIComponent(secret)]) result = result.split(form).join(REDACTED);
    }
    return result;
  }

  private redactValue(value: unknown): unknown {
    if (this.secrets.length === 0 || value === null || value === undefined) return value;
    return JSON.parse(this.redact(JSON.stringify(value))) as unknown;
  }

  private redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (!TRANSPORT_HEADERS.has(lower)) kept[name] = SECRET_HEADERS.has(lower) ? REDACTED : this.redact(value);
    }
    return kept;
  }
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return null;
  if (contentType?.includes('json') === true) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The most specific code an error carries (a wrapped socket error keeps it in `cause`). */
function errorCode(error: unknown): string {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string' && TIMEOUTS.has(own)) return 'TIMEOUT';
  if (typeof own === 'string' && own !== 'UND_ERR_SOCKET') return own;
  const cause = (error as { cause?: { code?: unknown; name?: unknown; errors?: { code?: unknown }[] } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  // Trying several addresses of one host fails with all their errors together.
  const first = cause?.errors?.[0]?.code;
  if (typeof first === 'string') return first;
  if (cause?.name === 'TimeoutError') return 'TIMEOUT';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'NETWORK';
}
